using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Files;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Statements;

public sealed class DownloadStatement(RegistrationDb db, IFileStore store) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/statements/{statementId:guid}/content");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.DocumentedRangeFile(StatementFiles.ContentTypes, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Download a statement's file (any version)";
            s.Description = "The exact bytes uploaded, with the statement's media type (`video/mp4`, `application/pdf`, ...) and its label as the file name "
                + "(`12th EMIC statement – Austria 3.mp4`) in `Content-Disposition`; `ETag` is the SHA-256. Takes `Range` (`206 Partial Content`). "
                + StatementAccess.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var statement = await db.FindVisibleStatementAsync(Route<Guid>("eventId"), Route<Guid>("statementId"), User, ct);
        HttpContext.Response.Headers.CacheControl = "private, no-store";
        await Send.ResultAsync(await StatementFiles.ServeAsync(statement, store, HttpContext.Response, ct));
    }
}
