using System.Text.Json;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Json;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Events;

/// <summary>Where an event's registration stands: live, and as it stood when registration closed.</summary>
/// <param name="EventId">The event.</param>
/// <param name="RegistrationStatus"><c>open</c> or <c>closed</c>, by the deadline.</param>
/// <param name="RegistrationDeadline">The deadline, in the event's time zone.</param>
/// <param name="ClosedAt">When the closing job closed registration at this deadline; null until it has run.</param>
/// <param name="Counts">The counts now.</param>
/// <param name="AwaitingNoteVerbale">Active delegates no note verbale of their delegation names yet (missing, unmatched or partial).</param>
/// <param name="AtClosing">The counts when registration closed at this deadline; null until then.</param>
public sealed record RegistrationSummaryResponse(
    Guid EventId,
    RegistrationStatus RegistrationStatus,
    DateTimeOffset RegistrationDeadline,
    DateTimeOffset? ClosedAt,
    RegistrationCounts Counts,
    IReadOnlyList<AwaitingNoteVerbale> AwaitingNoteVerbale,
    RegistrationCounts? AtClosing);

/// <summary>Counts of an event's registration.</summary>
/// <param name="Delegations">Delegations created.</param>
/// <param name="DelegatesByStatus">Delegates by status.</param>
/// <param name="ActiveDelegatesByMode">Pending and approved delegates by mode of participation.</param>
/// <param name="DelegatesAwaitingNoteVerbale">Active delegates no note verbale of their delegation names yet.</param>
public sealed record RegistrationCounts(int Delegations, DelegatesByStatus DelegatesByStatus, DelegatesByMode ActiveDelegatesByMode, int DelegatesAwaitingNoteVerbale);

/// <summary>Delegates by status.</summary>
public sealed record DelegatesByStatus(int Pending, int Approved, int Rejected, int Withdrawn);

/// <summary>Delegates by mode of participation.</summary>
public sealed record DelegatesByMode(int InPerson, int Online);

/// <summary>An active delegate still without a matching note verbale.</summary>
public sealed record AwaitingNoteVerbale(Guid DelegateId, Guid DelegationId, string Country, string GivenName, string FamilyName, NoteVerbaleStatus NoteVerbaleStatus);

public sealed class GetRegistrationSummary(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<RegistrationSummaryResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/summary");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(RegistrationSummaryResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Where an event's registration stands (secretariat)";
            s.Description = "Delegations, delegates by status and by mode, and the delegates still missing a matching note verbale — "
                + "at any moment; once the closing job has run, also the counts as they stood at the deadline (`atClosing`).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var registration = await db.FindEventAsync(Route<Guid>("eventId"), ct);
        var (counts, awaiting) = await RegistrationSummary.CountAsync(db, registration.Id, ct);
        var snapshot = registration.ClosedAt is null
            ? null
            : await db.RegistrationClosures.AsNoTracking()
                .Where(c => c.EventId == registration.Id && c.Deadline == registration.RegistrationDeadline)
                .Select(c => c.SummaryJson)
                .FirstOrDefaultAsync(ct);

        await Send.OkAsync(
            new RegistrationSummaryResponse(
                registration.Id,
                registration.StatusAt(clock.GetUtcNow()),
                EventTime.InZone(registration.RegistrationDeadline, registration.TimeZone),
                registration.ClosedAt?.ToUniversalTime(),
                counts,
                awaiting,
                snapshot is null ? null : RegistrationSummary.Read(snapshot)),
            ct);
    }
}

/// <summary>The counting, shared by the summary endpoint and the closing job.</summary>
public static class RegistrationSummary
{
    private static readonly JsonSerializerOptions Json = JsonSetup.Create();

    public static async Task<(RegistrationCounts Counts, List<AwaitingNoteVerbale> Awaiting)> CountAsync(RegistrationDb db, Guid eventId, CancellationToken ct)
    {
        var delegations = await db.Delegations.CountAsync(d => d.EventId == eventId, ct);
        var byStatus = await db.Delegates.Where(d => d.EventId == eventId)
            .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var byMode = await db.Delegates.Where(d => d.EventId == eventId && (d.Status == DelegateStatus.Pending || d.Status == DelegateStatus.Approved))
            .GroupBy(d => d.ParticipationMode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var awaiting = await db.Delegates.AsNoTracking()
            .Where(d => d.EventId == eventId && (d.Status == DelegateStatus.Pending || d.Status == DelegateStatus.Approved)
                && (d.NoteVerbaleStatus == NoteVerbaleStatus.Missing || d.NoteVerbaleStatus == NoteVerbaleStatus.Unmatched
                    || d.NoteVerbaleStatus == NoteVerbaleStatus.Partial))
            .OrderBy(d => d.Country).ThenBy(d => d.FamilyName).ThenBy(d => d.Id)
            .Select(d => new AwaitingNoteVerbale(d.Id, d.DelegationId, d.Country, d.GivenName, d.FamilyName, d.NoteVerbaleStatus))
            .ToListAsync(ct);

        var counts = new RegistrationCounts(
            delegations,
            new DelegatesByStatus(
                byStatus.GetValueOrDefault(DelegateStatus.Pending),
                byStatus.GetValueOrDefault(DelegateStatus.Approved),
                byStatus.GetValueOrDefault(DelegateStatus.Rejected),
                byStatus.GetValueOrDefault(DelegateStatus.Withdrawn)),
            new DelegatesByMode(byMode.GetValueOrDefault(ParticipationMode.InPerson), byMode.GetValueOrDefault(ParticipationMode.Online)),
            awaiting.Count);
        return (counts, awaiting);
    }

    public static string Write(RegistrationCounts counts) => JsonSerializer.Serialize(counts, Json);

    public static RegistrationCounts? Read(string json) => JsonSerializer.Deserialize<RegistrationCounts>(json, Json);
}
