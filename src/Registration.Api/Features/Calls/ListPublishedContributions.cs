using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Calls;

/// <summary>A published file: its name, kind and where anyone may download it.</summary>
/// <param name="Id">The file's id.</param>
/// <param name="FileName">Its name.</param>
/// <param name="ContentType"><c>application/pdf</c> or the DOCX media type.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Url">Where to download it, anonymously: <c>/api/v1/calls/{callId}/published/files/{fileId}</c>.</param>
public sealed record PublishedFileResponse(Guid Id, string FileName, string ContentType, long SizeBytes, string Url);

/// <summary>A contribution its State agreed to publish.</summary>
/// <param name="Id">The contribution's id.</param>
/// <param name="Country">The State's code.</param>
/// <param name="CountryName">Its English short name.</param>
/// <param name="Topic">The topic's code.</param>
/// <param name="Language">The language it is written in.</param>
/// <param name="Answers">The call's structured fields, by key.</param>
/// <param name="Files">Its files.</param>
/// <param name="SubmittedAt">When it was submitted (UTC).</param>
public sealed record PublishedContributionResponse(
    Guid Id, string Country, string CountryName, string Topic, OfficialLanguage Language, IReadOnlyDictionary<string, string> Answers,
    IReadOnlyList<PublishedFileResponse> Files, DateTimeOffset SubmittedAt);

public sealed class ListPublishedContributionsRequest : PageRequest;

public sealed class ListPublishedContributionsValidator : Validator<ListPublishedContributionsRequest>
{
    public ListPublishedContributionsValidator() => this.AddPageRules();
}

public sealed class ListPublishedContributions(RegistrationDb db) : Endpoint<ListPublishedContributionsRequest, Page<PublishedContributionResponse>>
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}/published");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(Page<PublishedContributionResponse>), 400, 404));
        Summary(s =>
        {
            s.Summary = "The contributions published online";
            s.Description = "Anyone, without a token. Only contributions whose State agreed to publication (`publication: publish`, the default), with their "
                + "answers and files (each downloadable at its `url`); a contribution withheld is absent from the next read on, and so are its files "
                + "(`404 file-not-found`). Oldest first; keyset-paginated. Who submitted what is not shown.";
        });
    }

    public override async Task HandleAsync(ListPublishedContributionsRequest req, CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        await db.FindCallAsync(callId, ct);
        var query = db.Contributions.AsNoTracking().Where(c => c.CallId == callId && c.Publication == Publication.Publish);
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(c => c.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(c => c.Id).Take(req.Take + 1).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var files = (await db.ContributionFiles.AsNoTracking().Where(f => ids.Contains(f.ContributionId)).OrderBy(f => f.Id).ToListAsync(ct)).ToLookup(f => f.ContributionId);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, c => new PublishedContributionResponse(
            c.Id, c.Country, Countries.NameOf(c.Country), c.Topic, c.Language, c.Answers,
            [.. files[c.Id].Select(f => new PublishedFileResponse(f.Id, f.FileName, f.ContentType, f.SizeBytes, $"/api/v1/calls/{callId}/published/files/{f.Id}"))],
            c.SubmittedAt.ToUniversalTime()), c => ("", c.Id)), ct);
    }
}
