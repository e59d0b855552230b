using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Email;

namespace Registration.Api.Jobs;

/// <summary>
/// Three days before a registration deadline, reminds each delegation that still has delegates pending (or not named by
/// a note verbale that counts) — once per delegation and deadline, by a unique (delegation, deadline) row in
/// <c>deadline_reminders</c>: a second run, another instance's run, or a run after a restart finds the row and queues
/// nothing. A moved deadline is a new deadline, so its reminder falls due in its turn. Runs every 15 minutes and at
/// start-up (a reminder that fell due while the service was down goes out when it is back, if the deadline is still
/// ahead). A delegation without a focal point address gets no row, so it is reminded if it gets one in time.
/// </summary>
public sealed class SendDeadlineReminders(RegistrationDb db, TimeProvider clock, EmailNotifications notifications)
{
    public const string RecurringJobId = "send-deadline-reminders";

    public static readonly TimeSpan Lead = TimeSpan.FromDays(3);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now + Lead;
        var due = await (
                from delegation in db.Delegations
                join registration in db.Events on delegation.EventId equals registration.Id
                where registration.RegistrationDeadline > now && registration.RegistrationDeadline <= horizon
                      && delegation.FocalPointEmail != null
                      && db.Delegates.Any(d => d.DelegationId == delegation.Id
                          && (d.Status == DelegateStatus.Pending
                              || (d.Status == DelegateStatus.Approved && d.NoteVerbaleStatus != NoteVerbaleStatus.Matched && d.NoteVerbaleStatus != NoteVerbaleStatus.Confirmed)))
                      && !db.DeadlineReminders.Any(r => r.DelegationId == delegation.Id && r.RegistrationDeadline == registration.RegistrationDeadline)
                orderby registration.RegistrationDeadline, delegation.Id
                select new { DelegationId = delegation.Id, delegation.EventId, registration.RegistrationDeadline })
            .AsNoTracking()
            .Take(1000)
            .ToListAsync(ct);

        var queued = 0;
        foreach (var candidate in due)
        {
            var reminder = new DeadlineReminder(candidate.EventId, candidate.DelegationId, candidate.RegistrationDeadline, now);

            // The unique key decides between concurrent runs: only the insert that wins queues the e-mail.
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO deadline_reminders (id, event_id, delegation_id, registration_deadline, due_at)
                VALUES ({reminder.Id}, {reminder.EventId}, {reminder.DelegationId}, {reminder.RegistrationDeadline}, {reminder.DueAt})
                ON CONFLICT (delegation_id, registration_deadline) DO NOTHING
                """,
                ct);
            if (inserted == 1)
            {
                notifications.DeadlineReminderDue(reminder);
                queued++;
            }
        }

        return queued;
    }
}
