using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Health;

namespace Registration.Api.Platform.Outbox;

/// <summary>
/// One way committed changes leave the system: webhooks (<see cref="Registration.Api.Jobs.WebhookOutlet"/>), and next e-mail. The
/// dispatcher hands every committed change to every outlet exactly once. An outlet records what it will do about the
/// changes (deliveries to send, messages to write) in the dispatcher's transaction, the one that marks the changes
/// dispatched, so that a crash keeps both or neither; what it returns runs after that commit (starting jobs), and may
/// be lost in a crash, so the outlet's own sweep must find recorded work that was never started.
/// </summary>
public interface IOutboxOutlet
{
    /// <summary>Records the outlet's work for <paramref name="changes"/> in <paramref name="db"/>'s transaction (not saved yet); returns what to start once it commits, if anything.</summary>
    Task<Action?> RecordAsync(RegistrationDb db, IReadOnlyList<OutboxEntry> changes, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// Hands committed outbox entries to the outlets, a batch at a time. Safe with several instances: each batch is taken
/// with <c>FOR UPDATE SKIP LOCKED</c>, so two dispatchers never take the same entry, and an entry is marked dispatched
/// in the same transaction as the outlets' work.
/// </summary>
public sealed class DispatchOutbox(RegistrationDb db, TimeProvider clock, IEnumerable<IOutboxOutlet> outlets)
{
    public const int BatchSize = 100;

    /// <summary>Dispatches one batch (oldest positions first); returns how many entries it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<Action> afterCommit = [];
        var dispatched = await db.InTransactionAsync(async ct =>
        {
            afterCommit.Clear();
            var batch = await db.Outbox
                .FromSql($"SELECT * FROM outbox WHERE dispatched_at IS NULL AND position IS NOT NULL ORDER BY position LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return 0;
            }

            var now = clock.GetUtcNow();
            foreach (var outlet in outlets)
            {
                if (await outlet.RecordAsync(db, batch, now, ct) is { } start)
                {
                    afterCommit.Add(start);
                }
            }

            foreach (var entry in batch)
            {
                entry.Dispatched(now);
            }

            await db.SaveChangesAsync(ct);
            return batch.Count;
        }, ct);

        foreach (var start in afterCommit)
        {
            start();
        }

        return dispatched;
    }

    /// <summary>Dispatches until no committed entry is left undispatched; returns how many it took.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var total = 0;
        int taken;
        do
        {
            db.ChangeTracker.Clear();
            taken = await RunOnceAsync(ct);
            total += taken;
        }
        while (taken == BatchSize);

        return total;
    }
}

/// <summary>
/// Wakes the dispatcher when a transaction that recorded changes commits in this process, so changes leave at once
/// rather than at the next poll. Other instances' changes are found by polling.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim pending = new(0, 1);

    public void Dispose() => pending.Dispose();

    public void Notify()
    {
        try
        {
            pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up dispatches everything committed so far.
        }
    }

    /// <summary>Waits for a signal or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken ct) => pending.WaitAsync(poll, ct);
}

/// <summary>Signals <see cref="OutboxSignal"/> when a unit of work that recorded changes commits.</summary>
internal sealed class OutboxCommitInterceptor(OutboxSignal signal) : DbTransactionInterceptor,
    ISaveChangesInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Committed(eventData.Context);

    public override Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A save outside any transaction (one statement batch) is committed when it returns.</summary>
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Committed(eventData.Context);
        }

        return ValueTask.FromResult(result);
    }

    private void Committed(DbContext? context)
    {
        if (context is RegistrationDb { RecordedChanges: true } db)
        {
            db.RecordedChanges = false;
            signal.Notify();
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is RegistrationDb db)
        {
            db.RecordedChanges = false;
        }
    }
}

/// <summary>
/// Runs the dispatcher in the background on servers that process jobs: at start-up (entries left by a crash or by
/// another instance), on each local commit that recorded changes, and every <c>Outbox:PollSeconds</c> (default 1).
/// </summary>
internal sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, IConfiguration configuration, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(configuration.GetValue("Outbox:PollSeconds", 1.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DispatchOutbox>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!DatabaseAvailability.IsUnavailable(e))
            {
                // An outage is logged once by DatabaseAvailability; anything else is worth a line each time.
                logger.LogError(e, "Dispatching the outbox failed; the changes stay in the outbox and are tried again");
            }
            catch (Exception)
            {
                // The database is away: DatabaseAvailability logs the outage; the next poll tries again.
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
