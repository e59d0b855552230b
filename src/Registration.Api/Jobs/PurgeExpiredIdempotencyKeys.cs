using Registration.Api.Platform.Idempotency;

namespace Registration.Api.Jobs;

/// <summary>
/// Forgets <c>Idempotency-Key</c>s 24 hours after their first use (a recurring job, hourly). Until it runs an expired key
/// is already treated as new, so the job only keeps the table small; one <c>DELETE</c>, safe on several servers at once.
/// </summary>
public sealed class PurgeExpiredIdempotencyKeys(IdempotencyStore store, ILogger<PurgeExpiredIdempotencyKeys> logger)
{
    public const string RecurringJobId = "purge-expired-idempotency-keys";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var purged = await store.PurgeExpiredAsync(ct);
        logger.LogInformation("Purged {Count} expired idempotency keys", purged);
        return purged;
    }
}
