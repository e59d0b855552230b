using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

/// <summary>What one State contributed.</summary>
/// <param name="Country">The State's code.</param>
/// <param name="CountryName">Its English short name.</param>
/// <param name="Topics">The topics it contributed on.</param>
/// <param name="Withheld">Those of its contributions' topics it asked not to publish.</param>
/// <param name="Files">How many files its contributions hold.</param>
public sealed record ContributorSummary(string Country, string CountryName, IReadOnlyList<string> Topics, IReadOnlyList<string> Withheld, int Files);

/// <summary>The secretariat's view of a call: who contributed, on which topics, what is withheld.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Reference">Its reference.</param>
/// <param name="Status"><c>open</c> or <c>closed</c>.</param>
/// <param name="Deadline">Its deadline.</param>
/// <param name="Contributions">Contributions in all.</param>
/// <param name="Published">Those published.</param>
/// <param name="Withheld">Those withheld.</param>
/// <param name="ByTopic">Contributions per topic code (every topic listed, zero included).</param>
/// <param name="Contributors">Each contributing State, by country code.</param>
/// <param name="NotContributed">Invited States with no contribution yet, by code.</param>
public sealed record CallSummaryResponse(
    Guid CallId,
    string Reference,
    CallStatus Status,
    DateTimeOffset Deadline,
    int Contributions,
    int Published,
    int Withheld,
    IReadOnlyDictionary<string, int> ByTopic,
    IReadOnlyList<ContributorSummary> Contributors,
    IReadOnlyList<string> NotContributed);

public sealed class GetCallSummary(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<CallSummaryResponse>
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}/summary");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(CallSummaryResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Summarise a call's contributions";
            s.Description = "Secretariat only, live: how many contributions, published and withheld, per topic; each contributing State with its topics, "
                + "what it withheld and its files; and the invited States that have not contributed yet.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var call = await db.FindCallAsync(Route<Guid>("callId"), ct);
        var rows = await db.Contributions.AsNoTracking().Where(c => c.CallId == call.Id)
            .Select(c => new { c.Country, c.Topic, c.Publication, Files = db.ContributionFiles.Count(f => f.ContributionId == c.Id) })
            .ToListAsync(ct);
        var contributors = rows.GroupBy(r => r.Country).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ContributorSummary(
                g.Key, Countries.NameOf(g.Key),
                [.. g.Select(r => r.Topic).Order(StringComparer.Ordinal)],
                [.. g.Where(r => r.Publication == Publication.Withhold).Select(r => r.Topic).Order(StringComparer.Ordinal)],
                g.Sum(r => r.Files)))
            .ToList();
        var invited = call.EligibleCountries ?? [.. Countries.All.Keys];
        var zone = EventTime.Zone(call.TimeZoneId);
        await Send.OkAsync(new CallSummaryResponse(
            call.Id, call.Reference, call.StatusAt(clock.GetUtcNow()), EventTime.InZone(call.Deadline, zone),
            rows.Count, rows.Count(r => r.Publication == Publication.Publish), rows.Count(r => r.Publication == Publication.Withhold),
            call.Topics.ToDictionary(t => t.Code, t => rows.Count(r => r.Topic == t.Code), StringComparer.Ordinal),
            contributors,
            [.. invited.Except(contributors.Select(c => c.Country), StringComparer.Ordinal).Order(StringComparer.Ordinal)]), ct);
    }
}
