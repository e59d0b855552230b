using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Registration.Api.Data;

/// <summary>
/// Explicit transactions as retriable units. With Npgsql's retrying execution strategy on (<see cref="DataSetup"/>), a
/// transaction the application begins itself must run inside the strategy, so that a transient failure (a restarting
/// server, a broken connection, a serialization failure or deadlock) re-runs the whole unit on a fresh connection,
/// not just its last command. Other failures — a <see cref="Domain.DomainFailure"/>, a unique or concurrency
/// violation — end the unit at once, as they did before.
/// </summary>
public static class Transactions
{
    /// <summary>
    /// Runs a read inside the retrying strategy, so that a transient failure runs it again whole. A query compiled and
    /// run here streams its rows into what it makes; run outside, EF Core reads every row into a buffer first, boxing
    /// each value, only so that it can retry the query by itself. A compiled query keeps the way it was first compiled:
    /// always run one through here.
    /// </summary>
    public static Task<T> ReadAsync<TState, T>(this RegistrationDb db, TState state, Func<RegistrationDb, TState, CancellationToken, Task<T>> read, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync((db, state, read), static (run, ct) => run.read(run.db, run.state, ct), ct);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it; a transient failure runs it again from the start
    /// (the change tracker cleared, locks and reads taken anew, "now" and new ids computed anew). The work saves its
    /// own changes and must not read the request body (read it before): it may run several times. When the
    /// connection breaks during the commit, the unit asks PostgreSQL whether the transaction committed before it runs
    /// again, so a write that did commit is answered as done and never stored twice.
    /// </summary>
    /// <remarks>
    /// In a request that holds its commit (<see cref="HeldCommit"/>: an <c>Idempotency-Key</c> request), the unit does not
    /// commit here: its transaction stays open until the answer is written and commits together with the stored answer.
    /// Such a request makes its change in one unit; what must follow the commit goes through <see cref="AfterCommitAsync"/>.
    /// </remarks>
    public static async Task<T> InTransactionAsync<T>(this RegistrationDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var held = HeldCommit.Current;
        held?.BeginUnit();
        var attempt = new Attempt<T>();
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(
            attempt,
            async (_, attempt, ct) =>
            {
                attempt.Committing = false;
                db.ChangeTracker.Clear();
                // The unit is all or nothing: a failed SaveChanges ends it, so EF's savepoint around each SaveChanges
                // would only cost two round trips.
                db.Database.AutoSavepointsEnabled = false;
                var transaction = await db.Database.BeginTransactionAsync(ct);
                try
                {
                    var result = await work(ct);
                    attempt.TransactionId = await TransactionIdAsync(db, ct);
                    attempt.Result = result;
                    if (held is not null)
                    {
                        held.Hold(db, transaction, attempt.TransactionId);
                        transaction = null;
                        return result;
                    }

                    attempt.Committing = true;
                    await transaction.CommitAsync(ct);
                    return result;
                }
                finally
                {
                    if (transaction is not null)
                    {
                        await transaction.DisposeAsync();
                    }
                }
            },
            async (_, attempt, ct) => attempt.Committing
                ? new ExecutionResult<T>(await CommittedAsync(db, attempt.TransactionId, ct), attempt.Result!)
                : new ExecutionResult<T>(false, default!),
            ct);
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the unit that came before has committed: at once, or — when the request holds
    /// its commit (<see cref="HeldCommit"/>) — right after the held commit, before the answer leaves. For what must never
    /// see an uncommitted change (a job that reads it). In a held request a failure of the action is logged and the
    /// answer, already stored with the change, is still given.
    /// </summary>
    public static async Task AfterCommitAsync(this RegistrationDb db, Func<CancellationToken, Task> action, CancellationToken ct)
    {
        if (HeldCommit.Current is { Holding: true } held)
        {
            held.AfterCommit(action);
            return;
        }

        await action(ct);
    }

    // A plain command: this runs once per write, and EF's query pipeline adds nothing to one scalar.
    private static async Task<long> TransactionIdAsync(RegistrationDb db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "SELECT txid_current()";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    internal static async Task<bool> CommittedAsync(RegistrationDb db, long transactionId, CancellationToken ct) =>
        (await db.Database.SqlQuery<string?>($"SELECT txid_status({transactionId}) AS \"Value\"").ToListAsync(ct)).Single() == "committed";

    private sealed class Attempt<T>
    {
        public bool Committing { get; set; }

        public long TransactionId { get; set; }

        public T? Result { get; set; }
    }
}

/// <summary>
/// A request whose unit of work commits only together with its last statement: an idempotent request stores its answer
/// in the same transaction as its change, so that a change is never kept without the answer a retry will replay, nor an
/// answer without its change. The request's code is unchanged: <see cref="Transactions.InTransactionAsync{T}"/> sees
/// the held commit (an async-local, set around the operation) and leaves its transaction open for it.
/// </summary>
public sealed class HeldCommit : IAsyncDisposable
{
    private static readonly AsyncLocal<HeldCommit?> current = new();

    private readonly List<Func<CancellationToken, Task>> afterCommit = [];
    private RegistrationDb? db;
    private IDbContextTransaction? transaction;
    private long transactionId;
    private bool unitBegun;

    internal static HeldCommit? Current => current.Value;

    /// <summary>Whether the operation's unit ran and waits for its commit.</summary>
    public bool Holding => transaction is not null;

    /// <summary>Runs the operation with its commit held by <paramref name="held"/>.</summary>
    public static async Task<T> RunAsync<T>(HeldCommit held, Func<Task<T>> operation)
    {
        // Set in this async method, the value flows into the operation and is gone when it returns.
        current.Value = held;
        return await operation();
    }

    internal void BeginUnit()
    {
        if (unitBegun)
        {
            throw new InvalidOperationException("An idempotent operation makes its change in one InTransactionAsync unit, whose commit waits for the answer.");
        }

        unitBegun = true;
    }

    internal void AfterCommit(Func<CancellationToken, Task> action) => afterCommit.Add(action);

    /// <summary>What the operation asked to run after its commit (<see cref="Transactions.AfterCommitAsync"/>), once it committed.</summary>
    public IReadOnlyList<Func<CancellationToken, Task>> AfterCommitActions => afterCommit;

    internal void Hold(RegistrationDb context, IDbContextTransaction open, long id) => (db, transaction, transactionId) = (context, open, id);

    /// <summary>
    /// Runs <paramref name="last"/> in the held transaction (on its connection) and commits, when it returns true; rolls
    /// back when it returns false. When the connection breaks during the commit, asks PostgreSQL whether it committed.
    /// </summary>
    /// <returns>Whether the transaction committed.</returns>
    public async Task<bool> CommitAsync(Func<DbConnection, DbTransaction, CancellationToken, Task<bool>> last, CancellationToken ct)
    {
        var (context, open) = (db!, transaction ?? throw new InvalidOperationException("No unit of work waits for its commit."));
        try
        {
            if (!await last(context.Database.GetDbConnection(), open.GetDbTransaction(), ct))
            {
                return false;
            }

            try
            {
                await open.CommitAsync(ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                if (!await Transactions.CommittedAsync(context, transactionId, CancellationToken.None))
                {
                    throw;
                }
            }

            return true;
        }
        finally
        {
            await RollbackAsync();
        }
    }

    /// <summary>Ends the held unit without its changes (a failure after it, or an answer that is not kept).</summary>
    public async Task RollbackAsync()
    {
        if (transaction is { } open)
        {
            transaction = null;
            await open.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(RollbackAsync());
}
