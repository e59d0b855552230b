using Hangfire;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;

namespace Registration.Api.Jobs;

/// <summary>Schedules the closing of a call for contributions at its deadline.</summary>
public interface ICallClosing
{
    /// <summary>Schedules closing at <paramref name="deadline"/> and returns the job's id.</summary>
    string Schedule(Guid callId, DateTimeOffset deadline);

    /// <summary>Removes a job that is no longer wanted (the deadline moved).</summary>
    void Cancel(string? jobId);
}

internal sealed class HangfireCallClosing(IBackgroundJobClient jobs, TimeProvider clock) : ICallClosing
{
    public string Schedule(Guid callId, DateTimeOffset deadline)
    {
        var delay = deadline - clock.GetUtcNow();
        return jobs.Schedule<CloseCall>(job => job.RunAsync(callId, deadline, CancellationToken.None), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    public void Cancel(string? jobId)
    {
        if (jobId is not null)
        {
            jobs.Delete(jobId);
        }
    }
}

/// <summary>Without Hangfire (one-shot commands) nothing is scheduled; the write rule does not need the job.</summary>
internal sealed class NoCallClosing : ICallClosing
{
    public string Schedule(Guid callId, DateTimeOffset deadline) => throw new InvalidOperationException("Jobs are off in this process.");

    public void Cancel(string? jobId)
    {
    }
}

/// <summary>
/// Closes a call for contributions at its deadline, as <see cref="CloseRegistration"/> closes a registration: one
/// conditional UPDATE (this deadline, not closed yet) that only one runner can win, so it closes once with several
/// servers and a job for a deadline that has since moved changes nothing. Writes do not wait for it: from the deadline
/// on, a new or changed contribution is refused in its own transaction whether or not this has run.
/// </summary>
public sealed class CloseCall(RegistrationDb db, TimeProvider clock, ICallClosing closing, ILogger<CloseCall> logger)
{
    [AutomaticRetry(Attempts = 5)]
    public async Task<bool> RunAsync(Guid callId, DateTimeOffset deadline, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < deadline)
        {
            closing.Schedule(callId, deadline); // woken early (clock skew between servers): again at the deadline
            return false;
        }

        var utc = deadline.ToUniversalTime();
        var closed = await db.Calls
            .Where(c => c.Id == callId && c.Deadline == utc && c.ClosedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.ClosedAt, now), ct) == 1;
        if (closed)
        {
            logger.LogInformation("Closed call {CallId} at {ClosedAt} (deadline {Deadline})", callId, now, deadline);
        }

        return closed;
    }
}

/// <summary>A sweep for calls whose deadline passed without a closing (a job lost, or the service down at the deadline).</summary>
public sealed class CloseOverdueCalls(RegistrationDb db, TimeProvider clock, CloseCall close)
{
    public const string RecurringJobId = "close-overdue-calls";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.Calls.AsNoTracking()
            .Where(c => c.ClosedAt == null && c.Deadline <= now)
            .OrderBy(c => c.Deadline)
            .Select(c => new { c.Id, c.Deadline })
            .Take(500)
            .ToListAsync(ct);
        var closed = 0;
        foreach (var call in overdue)
        {
            closed += await close.RunAsync(call.Id, call.Deadline, ct) ? 1 : 0;
        }

        return closed;
    }
}
