using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.NotesVerbales;

namespace Registration.Api.Platform.Email;

/// <summary>One e-mail to write: to whom, and the values its template is rendered with.</summary>
public sealed record ComposedEmail(MailboxAddress To, object Placeholders);

/// <summary>
/// Turns what happened (the kind and its payload) into the e-mails to send, with their placeholders' values: the nominee
/// for their own registration, the focal point for the delegation's notices. The event is read as it stands when the
/// job runs; a delegate's details come from the payload, as they were when the change committed.
/// </summary>
public sealed class EmailComposer(RegistrationDb db, TimeProvider clock, ILogger<EmailComposer> logger)
{
    public async Task<IReadOnlyList<ComposedEmail>> ComposeAsync(EmailKind kind, Guid eventId, string payload, CancellationToken ct)
    {
        var registration = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, ct);
        if (registration is null)
        {
            return [];
        }

        var about = EventValues(registration);
        switch (kind)
        {
            case EmailKind.RegistrationReceived or EmailKind.RegistrationApproved or EmailKind.RegistrationRejected:
                var delegate_ = Read<DelegateResponse>(payload);
                var person = DelegateValues(registration, delegate_);
                object values = kind switch
                {
                    EmailKind.RegistrationReceived => new RegistrationReceivedPlaceholders(about, person),
                    EmailKind.RegistrationApproved => new RegistrationApprovedPlaceholders(about, person),
                    _ => new RegistrationRejectedPlaceholders(about, person, delegate_.Decision?.Reason ?? ""),
                };
                return [new ComposedEmail(new MailboxAddress(person.FullName, delegate_.Email), values)];

            case EmailKind.NoteVerbaleUnmatched:
                return await NoteVerbaleUnmatchedAsync(registration, about, Read<NoteVerbaleResponse>(payload), ct);

            case EmailKind.DeadlineReminder:
                return await DeadlineReminderAsync(registration, about, Read<ReminderPayload>(payload), ct);

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private async Task<IReadOnlyList<ComposedEmail>> NoteVerbaleUnmatchedAsync(Event registration, EventPlaceholders about, NoteVerbaleResponse note, CancellationToken ct)
    {
        var delegation = await db.Delegations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == note.DelegationId, ct);

        // A scan waiting for OCR names nobody yet: its e-mail follows its reading (note-verbale.updated).
        if (delegation is null || note.TextSource == TextSource.OcrPending)
        {
            return [];
        }

        var unmatched = await ActiveDelegates(delegation.Id)
            .Where(d => d.NoteVerbaleStatus != NoteVerbaleStatus.Matched && d.NoteVerbaleStatus != NoteVerbaleStatus.Confirmed)
            .ToListAsync(ct);
        if (unmatched.Count == 0)
        {
            return [];
        }

        if (delegation.FocalPointEmail is not { } focalPoint)
        {
            logger.LogWarning(
                "The note verbale {NoteVerbaleId} leaves {Count} delegate(s) of the delegation of {Country} ({DelegationId}) unmatched, but the delegation has no focal point address: no e-mail was sent",
                note.Id, unmatched.Count, delegation.Country, delegation.Id);
            return [];
        }

        var values = new NoteVerbaleUnmatchedPlaceholders(
            about,
            DelegationValues(delegation, focalPoint),
            new NoteVerbalePlaceholders(note.FileName, InZone(note.UploadedAt, registration), !note.TextExtracted),
            [.. unmatched.Select(Listed)]);
        return [new ComposedEmail(new MailboxAddress(null, focalPoint), values)];
    }

    private async Task<IReadOnlyList<ComposedEmail>> DeadlineReminderAsync(Event registration, EventPlaceholders about, ReminderPayload reminder, CancellationToken ct)
    {
        var now = clock.GetUtcNow();

        // A reminder for a deadline that has moved or passed meanwhile is not sent (the moved one gets its own).
        if (registration.RegistrationDeadline != reminder.RegistrationDeadline || now >= registration.RegistrationDeadline)
        {
            return [];
        }

        var delegation = await db.Delegations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == reminder.DelegationId, ct);
        if (delegation?.FocalPointEmail is not { } focalPoint)
        {
            return [];
        }

        var active = await ActiveDelegates(delegation.Id).ToListAsync(ct);
        var pending = active.Where(d => d.Status == DelegateStatus.Pending).ToList();
        var unmatched = active.Where(d => d.NoteVerbaleStatus is not (NoteVerbaleStatus.Matched or NoteVerbaleStatus.Confirmed)).ToList();
        if (pending.Count == 0 && unmatched.Count == 0)
        {
            return [];
        }

        var values = new DeadlineReminderPlaceholders(
            about,
            DelegationValues(delegation, focalPoint),
            (int)Math.Ceiling((registration.RegistrationDeadline - now).TotalDays),
            [.. pending.Select(Listed)],
            [.. unmatched.Select(Listed)]);
        return [new ComposedEmail(new MailboxAddress(null, focalPoint), values)];
    }

    private IQueryable<DelegateRegistration> ActiveDelegates(Guid delegationId) =>
        db.Delegates.AsNoTracking()
            .Where(d => d.DelegationId == delegationId && (d.Status == DelegateStatus.Pending || d.Status == DelegateStatus.Approved))
            .OrderBy(d => d.FamilyName).ThenBy(d => d.GivenName).ThenBy(d => d.Id);

    private static T Read<T>(string payload) =>
        JsonSerializer.Deserialize<T>(payload, EmailNotifications.PayloadJson) ?? throw new InvalidOperationException("The e-mail job's payload is empty.");

    private static EventPlaceholders EventValues(Event e) => new(
        e.Code,
        e.Title,
        e.Venue,
        Day(e.StartDate),
        Day(e.EndDate),
        InZone(e.RegistrationDeadline, e),
        e.TimeZoneId,
        [.. e.Meetings.Select(m => new MeetingPlaceholders(m.Code, m.Title, m.Reference ?? ""))]);

    private static DelegatePlaceholders DelegateValues(Event e, DelegateResponse d) => new(
        d.Title,
        d.GivenName,
        d.FamilyName,
        FullName(d.Title, d.GivenName, d.FamilyName),
        d.JobTitle ?? "",
        d.Email,
        d.Country,
        Countries.NameOf(d.Country),
        Words(d.ParticipationMode),
        d.Role is { } role ? Words(role) : "",
        [.. d.Meetings.Select(code => e.Meetings.FirstOrDefault(m => m.Code == code) is { } m
            ? new MeetingPlaceholders(m.Code, m.Title, m.Reference ?? "")
            : new MeetingPlaceholders(code, code, ""))]);

    private static DelegationPlaceholders DelegationValues(Delegation d, string focalPoint) => new(d.Country, Countries.NameOf(d.Country), focalPoint);

    private static ListedDelegatePlaceholders Listed(DelegateRegistration d) => new(
        FullName(d.Title, d.GivenName, d.FamilyName), d.GivenName, d.FamilyName, d.Email, Words(d.Status), Words(d.NoteVerbaleStatus));

    private static string FullName(string title, string givenName, string familyName) =>
        string.Join(' ', new[] { title, givenName, familyName }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string InZone(DateTimeOffset instant, Event e) =>
        EventTime.InZone(instant, e.TimeZone).ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + $" ({e.TimeZoneId})";

    /// <summary>An enum value as a reader says it: <c>in person</c>, <c>pending</c>, <c>head</c>.</summary>
    private static string Words<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()).Replace('-', ' ');
}
