using System.Text.Json;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Json;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Statements;

/// <summary>Where an event's statements stand: live, and as they stood when the statement deadline closed them.</summary>
/// <param name="EventId">The event.</param>
/// <param name="StatementDeadline">The statement deadline in the event's time zone; null when the event has none (statements are accepted until it is set).</param>
/// <param name="Accepting">Whether statements are still accepted now.</param>
/// <param name="ClosedAt">When the closing job closed statements at this deadline (UTC); null until it has run.</param>
/// <param name="Counts">The counts now.</param>
/// <param name="AtClosing">The counts when statements closed at this deadline; null until then.</param>
public sealed record StatementSummaryResponse(Guid EventId, DateTimeOffset? StatementDeadline, bool Accepting, DateTimeOffset? ClosedAt, IReadOnlyList<StatementCount> Counts, IReadOnlyList<StatementCount>? AtClosing);

/// <summary>How many statements (every version counted) a meeting's agenda item has, of one kind, in one state.</summary>
/// <param name="Meeting">The meeting's code.</param>
/// <param name="AgendaItemNumber">The agenda item's number.</param>
/// <param name="Kind"><c>video</c> or <c>written</c>.</param>
/// <param name="State">The statements' state.</param>
/// <param name="Count">How many.</param>
public sealed record StatementCount(string Meeting, string AgendaItemNumber, StatementKind Kind, StatementState State, int Count);

public sealed class GetStatementSummary(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<StatementSummaryResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/statements/summary");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(StatementSummaryResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Where the statements stand (secretariat)";
            s.Description = "Statements by meeting, agenda item, kind and state, at any moment; once the closing job has run at the statement "
                + "deadline, also as they stood then (`atClosing`).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var registration = await db.FindEventAsync(Route<Guid>("eventId"), ct);
        var snapshot = registration.StatementsClosedAt is null || registration.StatementDeadline is not { } deadline
            ? null
            : await db.StatementClosures.AsNoTracking().Where(c => c.EventId == registration.Id && c.Deadline == deadline).Select(c => c.SummaryJson).FirstOrDefaultAsync(ct);
        await Send.OkAsync(
            new StatementSummaryResponse(
                registration.Id,
                registration.StatementDeadline is { } due ? EventTime.InZone(due, registration.TimeZone) : null,
                registration.AcceptsStatementsAt(clock.GetUtcNow()),
                registration.StatementsClosedAt?.ToUniversalTime(),
                await StatementSummary.CountAsync(db, registration.Id, ct),
                snapshot is null ? null : StatementSummary.Read(snapshot)),
            ct);
    }
}

/// <summary>The counting, shared by the summary and the closing job.</summary>
public static class StatementSummary
{
    private static readonly JsonSerializerOptions Json = JsonSetup.Create();

    public static async Task<List<StatementCount>> CountAsync(RegistrationDb db, Guid eventId, CancellationToken ct) =>
        [.. (await db.Statements.AsNoTracking().Where(s => s.EventId == eventId)
                .GroupBy(s => new { s.MeetingCode, s.AgendaItemNumber, s.Kind, s.State })
                .Select(g => new { g.Key.MeetingCode, g.Key.AgendaItemNumber, g.Key.Kind, g.Key.State, Count = g.Count() })
                .ToListAsync(ct))
            .Select(g => new StatementCount(g.MeetingCode, g.AgendaItemNumber, g.Kind, g.State, g.Count))
            .OrderBy(c => c.Meeting, StringComparer.Ordinal).ThenBy(c => c.AgendaItemNumber, StringComparer.Ordinal).ThenBy(c => c.Kind).ThenBy(c => c.State)];

    public static string Write(List<StatementCount> counts) => JsonSerializer.Serialize(counts, Json);

    public static List<StatementCount> Read(string json) => JsonSerializer.Deserialize<List<StatementCount>>(json, Json) ?? [];
}
