using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Registration.Api.Platform.Health;

/// <summary>
/// Whether PostgreSQL answers, as the application last saw it. A database outage is logged as one line when it
/// starts and one when it ends, not once per failed request: a 6.7-second outage used to write 91,500 lines.
/// Requests that fail for it answer <c>503 service-unavailable</c> with <c>Retry-After</c>. When an outage starts and
/// when it ends, the idle pooled connections are dropped (the application's and Hangfire's): they were opened to a server
/// that went away, and each would otherwise cost a later request a failed attempt.
/// </summary>
public sealed class DatabaseAvailability(ILogger<DatabaseAvailability> logger, NpgsqlDataSource dataSource)
{
    /// <summary>What <c>Retry-After</c> suggests while the database is unavailable.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private int down;
    private long downSince;

    public bool IsDown => Volatile.Read(ref down) == 1;

    public void ReportFailure(Exception exception)
    {
        if (Interlocked.Exchange(ref down, 1) == 0)
        {
            Volatile.Write(ref downSince, Stopwatch.GetTimestamp());
            ClearPools();
            logger.LogError("PostgreSQL is unavailable ({Reason}); requests that need it answer 503 until it is back", Reason(exception));
        }
    }

    public void ReportSuccess()
    {
        if (Volatile.Read(ref down) == 1 && Interlocked.Exchange(ref down, 0) == 1)
        {
            ClearPools();
            logger.LogWarning("PostgreSQL is available again after {Seconds:0.0} s", Stopwatch.GetElapsedTime(Volatile.Read(ref downSince)).TotalSeconds);
        }
    }

    private void ClearPools()
    {
        dataSource.Clear();
        NpgsqlConnection.ClearAllPools(); // Hangfire's storage opens its connections from the connection string
    }

    /// <summary>
    /// The failure means the database cannot be reached or cannot serve (network, timeouts, shutdown, too many
    /// connections), not that this request did something wrong (a constraint, a serialization conflict).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || postgres.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal); // shutdown, cannot connect now
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
            }
        }

        return false;
    }

    private static string Reason(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return $"{innermost.GetType().Name}: {innermost.Message}";
    }
}

/// <summary>Tells <see cref="DatabaseAvailability"/> about every command that succeeds or fails, wherever it runs.</summary>
internal sealed class DatabaseAvailabilityInterceptor(DatabaseAvailability availability) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        availability.ReportSuccess();
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        availability.ReportSuccess();
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        availability.ReportSuccess();
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        availability.ReportSuccess();
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        availability.ReportSuccess();
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        availability.ReportSuccess();
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Failed(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Exception);
        return Task.CompletedTask;
    }

    private void Failed(Exception exception)
    {
        if (DatabaseAvailability.IsUnavailable(exception))
        {
            availability.ReportFailure(exception);
        }
    }
}
