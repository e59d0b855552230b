using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Registration.Api.Data;

namespace Registration.Api.Platform.Idempotency;

/// <summary>Who sent a key, for which operation: keys of different callers or operations never meet.</summary>
public sealed record IdempotencyScope(string Subject, string Operation, string Key);

/// <summary>A request's claim on its key: the record, and the token that proves the claim is still this request's.</summary>
public sealed record IdempotencyClaim(Guid RecordId, Guid Token);

/// <summary>An answer as it is stored and replayed.</summary>
public sealed record StoredResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The headers a replay repeats; the others (correlation id, security headers) belong to each answer.</summary>
    public static readonly string[] Replayed = ["Content-Type", "Location", "ETag"];
}

/// <summary>What a key means for a request that carries it.</summary>
public abstract record ClaimOutcome
{
    /// <summary>The key is new (or its request died): this request runs the operation.</summary>
    public sealed record Claimed(IdempotencyClaim Claim) : ClaimOutcome;

    /// <summary>The same request was answered already: its answer is replayed.</summary>
    public sealed record Answered(StoredResponse Response) : ClaimOutcome;

    /// <summary>The key was used for a different request.</summary>
    public sealed record Reused : ClaimOutcome;

    /// <summary>The same request is being processed right now (by this or another instance).</summary>
    public sealed record InProgress(TimeSpan RetryAfter) : ClaimOutcome;
}

/// <summary>
/// The <c>idempotency_keys</c> table. Every decision is made by PostgreSQL, so instances of the API sharing a database
/// agree: the unique index on (subject, operation, key) lets one request claim a key; a claim and an answer are
/// changed only by the request holding the claim's token (a conditional <c>UPDATE</c>), so a request that lost its
/// claim to a retry (its lease ran out) cannot store anything, and its unit of work rolls back.
/// </summary>
public sealed class IdempotencyStore(RegistrationDb db, TimeProvider clock)
{
    /// <summary>How long a key is kept (the IETF draft leaves it to the server; Stripe keeps 24 hours).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request holds its claim. An operation answers within seconds (a note verbale's reading stops at 10); a
    /// claim older than this belongs to a request that died with its instance, and a retry takes it over.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>What a concurrent duplicate is told to wait: the first request usually answers within it.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private const string CompleteSql = """
        UPDATE idempotency_keys
        SET response_status = @status, response_headers = @headers, response_body = @body, completed_at = @now,
            claim_token = NULL, locked_until = NULL
        WHERE id = @id AND claim_token = @token
        """;

    public async Task<ClaimOutcome> ClaimAsync(IdempotencyScope scope, string requestHash, CancellationToken ct)
    {
        // Each turn either decides or has seen the record change under it (expired, purged, taken over): a few turns suffice.
        for (var turn = 0; turn < 5; turn++)
        {
            var now = clock.GetUtcNow();
            var claim = new IdempotencyClaim(Guid.CreateVersion7(now), Guid.NewGuid());
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO idempotency_keys (id, subject, operation, key, request_hash, claim_token, locked_until, created_at, expires_at)
                VALUES ({claim.RecordId}, {scope.Subject}, {scope.Operation}, {scope.Key}, {requestHash}, {claim.Token}, {now + Lease}, {now}, {now + Retention})
                ON CONFLICT (subject, operation, key) DO NOTHING
                """,
                ct);
            if (inserted == 1)
            {
                return new ClaimOutcome.Claimed(claim);
            }

            var existing = await db.IdempotencyKeys.AsNoTracking()
                .SingleOrDefaultAsync(r => r.Subject == scope.Subject && r.Operation == scope.Operation && r.Key == scope.Key, ct);
            if (existing is null)
            {
                continue;
            }

            if (existing.ExpiresAt <= now)
            {
                // Expired but not yet purged: the key is free again.
                await db.Database.ExecuteSqlAsync($"DELETE FROM idempotency_keys WHERE id = {existing.Id} AND expires_at <= {now}", ct);
                continue;
            }

            if (existing.RequestHash != requestHash)
            {
                return new ClaimOutcome.Reused();
            }

            if (existing.ResponseStatus is { } status)
            {
                var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(existing.ResponseHeaders ?? "{}") ?? [];
                return new ClaimOutcome.Answered(new StoredResponse(status, headers, existing.ResponseBody ?? []));
            }

            if (existing.LockedUntil > now)
            {
                return new ClaimOutcome.InProgress(RetryAfter);
            }

            // The request that claimed it is gone (its lease ran out unanswered): take the claim over, unless someone else just did.
            var takeover = new IdempotencyClaim(existing.Id, Guid.NewGuid());
            if (await db.Database.ExecuteSqlAsync(
                    $"""
                    UPDATE idempotency_keys SET claim_token = {takeover.Token}, locked_until = {now + Lease}
                    WHERE id = {existing.Id} AND claim_token = {existing.ClaimToken} AND completed_at IS NULL
                    """,
                    ct) == 1)
            {
                return new ClaimOutcome.Claimed(takeover);
            }
        }

        return new ClaimOutcome.InProgress(RetryAfter);
    }

    /// <summary>Stores the answer on its own (no unit of work waits for it). False when the claim is no longer this request's.</summary>
    public async Task<bool> CompleteAsync(IdempotencyClaim claim, StoredResponse response, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(CompleteSql, CompleteParameters(claim, response, clock.GetUtcNow()), ct) == 1;

    /// <summary>Stores the answer in the held unit of work's transaction. False when the claim is no longer this request's.</summary>
    public async Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, IdempotencyClaim claim, StoredResponse response, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CompleteSql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.AddRange(CompleteParameters(claim, response, clock.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Gives the key up (an answer that is not kept, a failure): a retry runs the operation anew.</summary>
    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM idempotency_keys WHERE id = {claim.RecordId} AND claim_token = {claim.Token} AND completed_at IS NULL", ct);

    /// <summary>Forgets keys past their 24 hours; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"DELETE FROM idempotency_keys WHERE expires_at <= {clock.GetUtcNow()}", ct);

    private static NpgsqlParameter[] CompleteParameters(IdempotencyClaim claim, StoredResponse response, DateTimeOffset now) =>
    [
        new("status", response.Status),
        new("headers", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(response.Headers) },
        new("body", NpgsqlDbType.Bytea) { Value = response.Body },
        new("now", now),
        new("id", claim.RecordId),
        new("token", claim.Token),
    ];
}
