using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Calls;

public sealed class DownloadContributionFile(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}/contributions/{contributionId:guid}/files/{fileId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.DocumentedFile("application/octet-stream", 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Download a contribution's file";
            s.Description = "The file byte for byte, as `application/pdf` or the DOCX media type; published or not. " + CallAccess.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var contribution = await db.FindVisibleContributionAsync(Route<Guid>("callId"), Route<Guid>("contributionId"), User, ct);
        await SendFileAsync(db, HttpContext.Response, contribution.Id, Route<Guid>("fileId"), isPublic: false, ct);
    }

    internal static async Task SendFileAsync(RegistrationDb db, HttpResponse response, Guid contributionId, Guid fileId, bool isPublic, CancellationToken ct)
    {
        var file = await db.ContributionFiles.AsNoTracking().Where(f => f.Id == fileId && f.ContributionId == contributionId)
            .Join(db.ContributionFileContents.AsNoTracking(), f => f.Id, c => c.FileId, (f, c) => new { f.FileName, f.ContentType, f.Sha256, c.Bytes })
            .FirstOrDefaultAsync(ct) ?? throw DomainFailure.NotFound(ErrorCodes.FileNotFound, $"There is no file {fileId} of this contribution.");
        await FileAnswer.SendAsync(response, file.Bytes, file.ContentType, file.FileName, file.Sha256, ct, isPublic);
    }
}
