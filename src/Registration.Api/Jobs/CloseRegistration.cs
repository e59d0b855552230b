using Hangfire;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Events;

namespace Registration.Api.Jobs;

/// <summary>Schedules the closing of an event's registration at its deadline.</summary>
public interface IRegistrationClosing
{
    /// <summary>Schedules closing at <paramref name="deadline"/> and returns the job's id.</summary>
    string Schedule(Guid eventId, DateTimeOffset deadline);

    /// <summary>Removes a job that is no longer wanted (the deadline moved); a job that already ran is left alone.</summary>
    void Cancel(string? jobId);
}

/// <summary>
/// Hangfire, with the jobs in PostgreSQL: a scheduled job survives restarts and is run once when due, or at start-up
/// when it fell due while the service was down. The delay is measured with the application's clock.
/// </summary>
internal sealed class HangfireRegistrationClosing(IBackgroundJobClient jobs, TimeProvider clock) : IRegistrationClosing
{
    public string Schedule(Guid eventId, DateTimeOffset deadline)
    {
        var delay = deadline - clock.GetUtcNow();
        return jobs.Schedule<CloseRegistration>(job => job.RunAsync(eventId, deadline, CancellationToken.None), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    public void Cancel(string? jobId)
    {
        if (jobId is not null)
        {
            jobs.Delete(jobId);
        }
    }
}

/// <summary>
/// Closes an event's registration at a deadline and leaves the summary. Idempotent and safe with several servers:
/// the close is one conditional UPDATE (this deadline, not yet closed) that only one runner can win, and a job for a
/// deadline that has since moved changes nothing. The write rule does not wait for it: from the deadline on, writes
/// are refused whether or not this has run.
/// </summary>
public sealed class CloseRegistration(RegistrationDb db, TimeProvider clock, IRegistrationClosing closing, ILogger<CloseRegistration> logger)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task<bool> RunAsync(Guid eventId, DateTimeOffset deadline, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < deadline)
        {
            // Woken early (clock skew between servers): try again at the deadline.
            closing.Schedule(eventId, deadline);
            return false;
        }

        var closed = await db.InTransactionAsync(ct => CloseAsync(db, eventId, deadline, now, ct), ct);
        if (!closed)
        {
            logger.LogInformation("Registration of event {EventId} for deadline {Deadline} is closed already or the deadline moved", eventId, deadline);
            return false;
        }

        logger.LogInformation("Closed registration of event {EventId} at {ClosedAt} (deadline {Deadline})", eventId, now, deadline);
        return true;
    }

    /// <summary>
    /// Closes registration at <paramref name="deadline"/> inside the caller's transaction: one conditional UPDATE (this
    /// deadline, not closed yet) that only one runner can win, then the closure with the counts as they stand, which
    /// records <c>registration.closed</c>. Returns false when the registration was closed already or the deadline moved.
    /// </summary>
    internal static async Task<bool> CloseAsync(RegistrationDb db, Guid eventId, DateTimeOffset deadline, DateTimeOffset now, CancellationToken ct)
    {
        deadline = deadline.ToUniversalTime(); // as stored, whatever offset the caller's instant carries
        if (await db.Events
                .Where(e => e.Id == eventId && e.RegistrationDeadline == deadline && e.ClosedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.ClosedAt, now), ct) == 0)
        {
            return false;
        }

        // Closed at this deadline once before, then re-opened and moved back to it: the new closing replaces that summary.
        await db.RegistrationClosures.Where(c => c.EventId == eventId && c.Deadline == deadline).ExecuteDeleteAsync(ct);
        var (counts, _) = await RegistrationSummary.CountAsync(db, eventId, ct);
        db.RegistrationClosures.Add(new RegistrationClosure(eventId, deadline, now, RegistrationSummary.Write(counts)));
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>
/// A sweep for events whose deadline passed without a closing (a job lost before it was stored, or deleted by hand):
/// runs every few minutes and once when the service starts.
/// </summary>
public sealed class CloseOverdueRegistrations(RegistrationDb db, TimeProvider clock, CloseRegistration close)
{
    public const string RecurringJobId = "close-overdue-registrations";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Events.AsNoTracking()
            .Where(e => e.ClosedAt == null && e.RegistrationDeadline <= now)
            .OrderBy(e => e.RegistrationDeadline)
            .Select(e => new { e.Id, e.RegistrationDeadline })
            .Take(500)
            .ToListAsync(ct);

        var closed = 0;
        foreach (var e in overdue)
        {
            db.ChangeTracker.Clear();
            closed += await close.RunAsync(e.Id, e.RegistrationDeadline, ct) ? 1 : 0;
        }

        return closed;
    }
}

/// <summary>Registers the recurring jobs (the sweeps for closing registrations, statements and calls, for deadline reminders, orphaned files and unread scans, the purge of idempotency keys) and runs the sweeps once at start-up, on servers that process jobs.</summary>
internal sealed class JobsStartup(IRecurringJobManager recurring, IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<CloseOverdueRegistrations>(CloseOverdueRegistrations.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        recurring.AddOrUpdate<PurgeExpiredIdempotencyKeys>(PurgeExpiredIdempotencyKeys.RecurringJobId, job => job.RunAsync(CancellationToken.None), "17 * * * *");
        jobs.Enqueue<CloseOverdueRegistrations>(job => job.RunAsync(CancellationToken.None));
        recurring.AddOrUpdate<CloseOverdueCalls>(CloseOverdueCalls.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        jobs.Enqueue<CloseOverdueCalls>(job => job.RunAsync(CancellationToken.None));
        recurring.AddOrUpdate<SendDeadlineReminders>(SendDeadlineReminders.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/15 * * * *");
        jobs.Enqueue<SendDeadlineReminders>(job => job.RunAsync(CancellationToken.None));
        recurring.AddOrUpdate<CloseOverdueStatements>(CloseOverdueStatements.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        jobs.Enqueue<CloseOverdueStatements>(job => job.RunAsync(CancellationToken.None));
        recurring.AddOrUpdate<SweepOrphanFiles>(SweepOrphanFiles.RecurringJobId, job => job.RunAsync(CancellationToken.None), "41 * * * *");
        jobs.Enqueue<SweepOrphanFiles>(job => job.RunAsync(CancellationToken.None));
        recurring.AddOrUpdate<ReadPendingNotesVerbales>(ReadPendingNotesVerbales.RecurringJobId, job => job.RunAsync(CancellationToken.None), "*/30 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
