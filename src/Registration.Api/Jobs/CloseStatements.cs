using Hangfire;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Statements;

namespace Registration.Api.Jobs;

/// <summary>Schedules the closing of an event's statements at its statement deadline.</summary>
public interface IStatementClosing
{
    void Schedule(Guid eventId, DateTimeOffset deadline);
}

internal sealed class HangfireStatementClosing(IBackgroundJobClient jobs, TimeProvider clock) : IStatementClosing
{
    public void Schedule(Guid eventId, DateTimeOffset deadline)
    {
        var delay = deadline - clock.GetUtcNow();
        jobs.Schedule<CloseStatements>(job => job.RunAsync(eventId, deadline, CancellationToken.None), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }
}

/// <summary>
/// Closes an event's statements at its statement deadline and leaves the summary (statements by meeting, agenda item,
/// kind and state). Shaped like <see cref="CloseRegistration"/>: one conditional UPDATE (this deadline, not yet closed)
/// that only one runner wins, and a closure row unique per event and deadline; a job for a deadline that has since moved
/// changes nothing. Submissions do not wait for it: from the deadline on they are refused whether or not it has run.
/// </summary>
public sealed class CloseStatements(RegistrationDb db, TimeProvider clock, IStatementClosing closing, ILogger<CloseStatements> logger)
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

        var closed = await db.InTransactionAsync(async ct =>
        {
            var utc = deadline.ToUniversalTime();
            if (await db.Events
                    .Where(e => e.Id == eventId && e.StatementDeadline == utc && e.StatementsClosedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(e => e.StatementsClosedAt, now), ct) == 0)
            {
                return false;
            }

            // Closed at this deadline once before, then re-opened and moved back to it: the new closing replaces that summary.
            await db.StatementClosures.Where(c => c.EventId == eventId && c.Deadline == utc).ExecuteDeleteAsync(ct);
            db.StatementClosures.Add(new StatementClosure(eventId, utc, now, StatementSummary.Write(await StatementSummary.CountAsync(db, eventId, ct))));
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

        if (closed)
        {
            logger.LogInformation("Closed statements of event {EventId} at {ClosedAt} (deadline {Deadline})", eventId, now, deadline);
        }

        return closed;
    }
}

/// <summary>Closes statements whose deadline passed without a closing (a job lost, or the service down at the time): every 5 minutes and at start-up.</summary>
public sealed class CloseOverdueStatements(RegistrationDb db, TimeProvider clock, CloseStatements close)
{
    public const string RecurringJobId = "close-overdue-statements";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Events.AsNoTracking()
            .Where(e => e.StatementsClosedAt == null && e.StatementDeadline != null && e.StatementDeadline <= now)
            .OrderBy(e => e.StatementDeadline)
            .Select(e => new { e.Id, Deadline = e.StatementDeadline!.Value })
            .Take(500)
            .ToListAsync(ct);

        var closed = 0;
        foreach (var e in overdue)
        {
            db.ChangeTracker.Clear();
            closed += await close.RunAsync(e.Id, e.Deadline, ct) ? 1 : 0;
        }

        return closed;
    }
}
