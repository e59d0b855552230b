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
    /// Runs <paramref name="work"/> in a transaction and commits it; a transient failure runs it again from the start
    /// (the change tracker cleared, locks and reads taken anew, "now" and new ids computed anew). The work saves its
    /// own changes and must not read the request body (read it before): it may run several times. When the
    /// connection breaks during the commit, the unit asks PostgreSQL whether the transaction committed before it runs
    /// again, so a write that did commit is answered as done and never stored twice.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this RegistrationDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
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
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                attempt.TransactionId = await CurrentTransactionIdAsync(db, ct);
                attempt.Result = result;
                attempt.Committing = true;
                await transaction.CommitAsync(ct);
                return result;
            },
            async (_, attempt, ct) => attempt.Committing
                ? new ExecutionResult<T>(await CommittedAsync(db, attempt.TransactionId, ct), attempt.Result!)
                : new ExecutionResult<T>(false, default!),
            ct);
    }

    // A plain command: this runs once per write, and EF's query pipeline adds nothing to one scalar.
    private static async Task<long> CurrentTransactionIdAsync(RegistrationDb db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "SELECT txid_current()";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<bool> CommittedAsync(RegistrationDb db, long transactionId, CancellationToken ct) =>
        (await db.Database.SqlQuery<string?>($"SELECT txid_status({transactionId}) AS \"Value\"").ToListAsync(ct)).Single() == "committed";

    private sealed class Attempt<T>
    {
        public bool Committing { get; set; }

        public long TransactionId { get; set; }

        public T? Result { get; set; }
    }
}
