using System.Text.Json;
using Hangfire;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Jobs;
using Registration.Api.Platform.Json;
using Registration.Api.Platform.Outbox;

namespace Registration.Api.Platform.Email;

/// <summary>
/// Queues the e-mails of what happened: a <see cref="SendEmail"/> job (Hangfire, in PostgreSQL) renders the template and
/// talks to the SMTP server, so a request never waits for, nor fails on, the mail server. Changes reach it through the
/// outbox (<see cref="EmailOutlet"/>), once each change has committed; the deadline reminders through their own job.
/// </summary>
public sealed class EmailNotifications(SmtpOptions smtp, ILogger<EmailNotifications> logger, IBackgroundJobClient? jobs = null)
{
    internal static readonly JsonSerializerOptions PayloadJson = JsonSetup.Create();

    /// <summary>The e-mail a committed change calls for, if any; the change is its source and its payload the resource.</summary>
    public static EmailKind? KindOf(ChangeType change) => change switch
    {
        ChangeType.DelegateRegistered => EmailKind.RegistrationReceived,
        ChangeType.DelegateApproved => EmailKind.RegistrationApproved,
        ChangeType.DelegateRejected => EmailKind.RegistrationRejected,

        // To the focal point when the note leaves active delegates that no note names: decided when the job runs, from
        // the delegates as they stand then. A scan is told of once OCR has read it (or given up): its update.
        ChangeType.NoteVerbaleUploaded or ChangeType.NoteVerbaleUpdated => EmailKind.NoteVerbaleUnmatched,
        _ => null,
    };

    /// <summary>
    /// Queues the e-mail of a committed change (its id is the source: one message per kind, change and recipient). Throws
    /// when the job cannot be queued, so that the outbox hands the change on again.
    /// </summary>
    public void ChangeCommitted(OutboxEntry change)
    {
        if (KindOf(change.Type) is { } kind && smtp.Enabled && jobs is not null)
        {
            var (wire, source, eventId, payload) = (kind.Wire(), change.Id, change.EventId, change.Payload);
            jobs.Enqueue<SendEmail>(job => job.RunAsync(wire, source, eventId, payload, CancellationToken.None));
        }
    }

    /// <summary>To the delegation's focal point: the deadline is three days away (the reminder row is the source).</summary>
    public void DeadlineReminderDue(DeadlineReminder reminder)
    {
        if (!smtp.Enabled || jobs is null)
        {
            return;
        }

        var json = JsonSerializer.Serialize(new ReminderPayload(reminder.DelegationId, reminder.RegistrationDeadline), PayloadJson);
        var kind = EmailKind.DeadlineReminder.Wire();
        try
        {
            jobs.Enqueue<SendEmail>(job => job.RunAsync(kind, reminder.Id, reminder.EventId, json, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reminder row is stored; the job storage is the same database, so this is an outage that began since.
            logger.LogError(e, "Could not queue the deadline reminder {ReminderId} of event {EventId}", reminder.Id, reminder.EventId);
        }
    }
}

/// <summary>What a deadline reminder job needs: the delegation and the deadline it was due for.</summary>
public sealed record ReminderPayload(Guid DelegationId, DateTimeOffset RegistrationDeadline);

/// <summary>
/// The e-mail outlet of the outbox: each committed change that people are told of by e-mail queues its job. Queued inside
/// the dispatcher's transaction, not after it: should that transaction roll back after a job was queued, the change is
/// handed on again and its job queued again, and <see cref="SendEmail"/> sends nothing twice (one message per kind,
/// source and recipient); once the transaction has committed, every job is queued already.
/// </summary>
internal sealed class EmailOutlet(EmailNotifications notifications) : IOutboxOutlet
{
    public Task<Action?> RecordAsync(RegistrationDb db, IReadOnlyList<OutboxEntry> changes, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var change in changes)
        {
            notifications.ChangeCommitted(change);
        }

        return Task.FromResult<Action?>(null);
    }
}
