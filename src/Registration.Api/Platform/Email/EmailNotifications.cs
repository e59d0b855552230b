using System.Text.Json;
using Hangfire;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Jobs;
using Registration.Api.Platform.Json;

namespace Registration.Api.Platform.Email;

/// <summary>
/// What features call when something happened that a person is told about by e-mail: one method per kind. Each queues
/// a <see cref="SendEmail"/> job (Hangfire, in PostgreSQL) that renders the template and talks to the SMTP server, so a
/// request never waits for, nor fails on, the mail server.
/// <para>
/// Wiring until the transactional outbox exists: the endpoints call these methods right after their transaction
/// committed — RegisterDelegate and RegisterSelf (received), ApproveDelegate and BulkApproveDelegates (approved),
/// RejectDelegate (rejected), UploadNoteVerbale and UploadDelegateNoteVerbale (note verbale uploaded), and the
/// SendDeadlineReminders job (reminder due). A change that rolls back therefore queues nothing; a process that dies
/// between the commit and the queueing loses that one e-mail. With the outbox, its consumer calls the same methods with
/// the outbox event's id as <c>sourceId</c> and its payload (the resource as the API shows it), and the calls in the
/// endpoints go away.
/// </para>
/// </summary>
public sealed class EmailNotifications(SmtpOptions smtp, ILogger<EmailNotifications> logger, IBackgroundJobClient? jobs = null)
{
    internal static readonly JsonSerializerOptions PayloadJson = JsonSetup.Create();

    /// <summary>To the nominee: the registration (audit line <paramref name="sourceId"/>) was received.</summary>
    public void RegistrationReceived(Guid sourceId, DelegateResponse registered) =>
        Enqueue(EmailKind.RegistrationReceived, sourceId, registered.EventId, registered);

    /// <summary>To the nominee: approved (audit line <paramref name="sourceId"/>), with the meetings and mode.</summary>
    public void RegistrationApproved(Guid sourceId, DelegateResponse approved) =>
        Enqueue(EmailKind.RegistrationApproved, sourceId, approved.EventId, approved);

    /// <summary>To the nominee: rejected (audit line <paramref name="sourceId"/>), with the reason.</summary>
    public void RegistrationRejected(Guid sourceId, DelegateResponse rejected) =>
        Enqueue(EmailKind.RegistrationRejected, sourceId, rejected.EventId, rejected);

    /// <summary>
    /// To the delegation's focal point, when the note verbale leaves active delegates that no note names; whether it
    /// does is decided when the job runs, from the delegates as they stand then.
    /// </summary>
    public void NoteVerbaleUploaded(Guid sourceId, Guid eventId, NoteVerbaleResponse note) =>
        Enqueue(EmailKind.NoteVerbaleUnmatched, sourceId, eventId, note);

    /// <summary>To the delegation's focal point: the deadline is three days away (the reminder row is the source).</summary>
    public void DeadlineReminderDue(DeadlineReminder reminder) =>
        Enqueue(EmailKind.DeadlineReminder, reminder.Id, reminder.EventId, new ReminderPayload(reminder.DelegationId, reminder.RegistrationDeadline));

    private void Enqueue(EmailKind kind, Guid sourceId, Guid eventId, object payload)
    {
        if (!smtp.Enabled || jobs is null)
        {
            return;
        }

        var json = JsonSerializer.Serialize(payload, payload.GetType(), PayloadJson);
        try
        {
            jobs.Enqueue<SendEmail>(job => job.RunAsync(kind.Wire(), sourceId, eventId, json, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed; the request must not fail for its e-mail. The job storage is the same database,
            // so this is an outage that began after the commit: the one e-mail is lost (the outbox will close this gap).
            logger.LogError(e, "Could not queue the {Kind} e-mail for source {SourceId} of event {EventId}", kind.Wire(), sourceId, eventId);
        }
    }
}

/// <summary>What a deadline reminder job needs: the delegation and the deadline it was due for.</summary>
public sealed record ReminderPayload(Guid DelegationId, DateTimeOffset RegistrationDeadline);
