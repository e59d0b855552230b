using Registration.Api.Domain;

namespace Registration.Api.Features.Events;

/// <summary>A joint event: one registration for the meetings it holds.</summary>
/// <param name="Id">The event's id.</param>
/// <param name="Code">Unique code, for example <c>UNCAC-2023-09</c>.</param>
/// <param name="Title">The event's title.</param>
/// <param name="Venue">Where the meetings take place.</param>
/// <param name="TimeZone">IANA time zone of the venue; instants are shown with its offset.</param>
/// <param name="StartDate">First day, in the event's time zone.</param>
/// <param name="EndDate">Last day, in the event's time zone.</param>
/// <param name="RegistrationDeadline">From this instant on, registration is closed.</param>
/// <param name="StatementDeadline">Deadline for pre-recorded or written statements, if any.</param>
/// <param name="ParticipationModes">The modes of participation the event offers.</param>
/// <param name="EligibleCountries">The States that may register (ISO 3166-1 alpha-3); null: every State that can register.</param>
/// <param name="Meetings">The meetings this registration covers.</param>
/// <param name="RegistrationStatus"><c>open</c> until the registration deadline, <c>closed</c> from then on.</param>
/// <param name="ClosedAt">When the closing job closed registration at the current deadline (UTC); null until it has run.</param>
/// <param name="CreatedAt">When the event was created (UTC).</param>
/// <param name="UpdatedAt">When the event was last changed (UTC).</param>
public sealed record EventResponse(
    Guid Id,
    string Code,
    string Title,
    string Venue,
    string TimeZone,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset RegistrationDeadline,
    DateTimeOffset? StatementDeadline,
    IReadOnlyList<ParticipationMode> ParticipationModes,
    IReadOnlyList<string>? EligibleCountries,
    IReadOnlyList<MeetingResponse> Meetings,
    RegistrationStatus RegistrationStatus,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One meeting of a joint event.</summary>
/// <param name="Code">Code unique within the event, for example <c>EMIC-12</c>.</param>
/// <param name="Title">The meeting's full title.</param>
/// <param name="Reference">The invitation's reference, for example <c>CU 2023/227(A)/DTA/CEB/CSS</c>.</param>
public sealed record MeetingResponse(string Code, string Title, string? Reference);

public static class EventMapping
{
    public static EventResponse ToResponse(this Event e, DateTimeOffset now)
    {
        var zone = e.TimeZone;
        return new EventResponse(
            e.Id,
            e.Code,
            e.Title,
            e.Venue,
            e.TimeZoneId,
            e.StartDate,
            e.EndDate,
            EventTime.InZone(e.RegistrationDeadline, zone),
            e.StatementDeadline is { } statements ? EventTime.InZone(statements, zone) : null,
            e.ParticipationModes,
            e.EligibleCountries,
            [.. e.Meetings.Select(m => new MeetingResponse(m.Code, m.Title, m.Reference))],
            e.StatusAt(now),
            e.ClosedAt?.ToUniversalTime(),
            e.CreatedAt.ToUniversalTime(),
            e.UpdatedAt.ToUniversalTime());
    }
}
