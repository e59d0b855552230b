using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Statements;

/// <summary>A published statement, as the session's page shows it.</summary>
/// <param name="Id">The statement's id.</param>
/// <param name="Country">The State (ISO 3166-1 alpha-3).</param>
/// <param name="CountryName">The State's English short name.</param>
/// <param name="Meeting">The meeting the statement is addressed to (its code).</param>
/// <param name="AgendaItemNumber">The agenda item's number.</param>
/// <param name="Kind"><c>video</c> or <c>written</c>.</param>
/// <param name="Label">The statement's title, <c>12th EMIC statement – Austria 3</c>.</param>
/// <param name="FileName">The download's file name.</param>
/// <param name="ContentType">The file's media type.</param>
/// <param name="SizeBytes">The file's size.</param>
/// <param name="DurationSeconds">A video's duration; null for a written statement.</param>
/// <param name="Transcript">A video's transcript; null for a written statement.</param>
/// <param name="ContentUrl">Where the file is served (range requests allowed), relative to the API's base address.</param>
/// <param name="PublishedAt">When it was published (UTC).</param>
public sealed record PublishedStatementResponse(
    Guid Id,
    string Country,
    string CountryName,
    string Meeting,
    string AgendaItemNumber,
    StatementKind Kind,
    string Label,
    string FileName,
    string ContentType,
    long SizeBytes,
    double? DurationSeconds,
    string? Transcript,
    string ContentUrl,
    DateTimeOffset PublishedAt);

public sealed class ListPublishedStatementsRequest : PageRequest;

public sealed class ListPublishedStatementsValidator : Validator<ListPublishedStatementsRequest>
{
    public ListPublishedStatementsValidator() => this.AddPageRules();
}

public sealed class ListPublishedStatements(RegistrationDb db) : Endpoint<ListPublishedStatementsRequest, Page<PublishedStatementResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/published-statements");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(Page<PublishedStatementResponse>), 400, 404));
        Summary(s =>
        {
            s.Summary = "The statements published for the session (anyone)";
            s.Description = "What the secretariat published, oldest first, keyset-paginated; each with `contentUrl`, where its file is served "
                + "(videos with HTTP range requests). Nothing about statements not published is shown.";
        });
    }

    public override async Task HandleAsync(ListPublishedStatementsRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);
        var query = db.Statements.AsNoTracking().Where(s => s.EventId == eventId && s.State == StatementState.Published);
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(s => s.Id > after);
        }

        var page = await query.OrderBy(s => s.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, s => new PublishedStatementResponse(
            s.Id, s.Country, Countries.NameOf(s.Country), s.MeetingCode, s.AgendaItemNumber, s.Kind, s.Label, s.FileName, s.ContentType, s.SizeBytes,
            s.DurationSeconds, s.Transcript, $"/{Platform.Composition.RoutePrefix}/events/{eventId}/published-statements/{s.Id}/content", s.PublishedAt!.Value.ToUniversalTime()),
            s => ("", s.Id)), ct);
    }
}

public sealed class DownloadPublishedStatement(RegistrationDb db, Platform.Files.IFileStore store) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/published-statements/{statementId:guid}/content");
        AllowAnonymous();
        Description(d => d.DocumentedRangeFile(StatementFiles.ContentTypes, 404));
        Summary(s =>
        {
            s.Summary = "A published statement's file (anyone)";
            s.Description = "The file as uploaded, named by its label, with `Accept-Ranges: bytes`: a `Range` request is answered `206` "
                + "with that part (a video player seeks), a range beyond the file `416`. `ETag` is the SHA-256. A statement not published "
                + "answers `404 statement-not-found`, as an unknown id does.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var id = Route<Guid>("statementId");
        var statement = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.EventId == eventId && s.State == StatementState.Published, ct)
            ?? throw StatementMapping.NotFound(id);
        HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        await Send.ResultAsync(await StatementFiles.ServeAsync(statement, store, HttpContext.Response, ct));
    }
}
