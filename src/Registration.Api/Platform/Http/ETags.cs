using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Http;

/// <summary>
/// Strong ETags from PostgreSQL's xmin. <c>If-Match</c> is honoured by making the update conditional on the version
/// the client saw, so a change by someone else in between is a <c>412</c>, never a lost update.
/// </summary>
public static class ETags
{
    private const string ChangedMeanwhile = "The resource has changed since you read it; read it again (new ETag) and retry.";

    public static string For(uint version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, uint version) => response.Headers.ETag = For(version);

    /// <summary>The version named by <c>If-Match</c>; null when the header is absent or <c>*</c>. A malformed header is a 412.</summary>
    public static uint? IfMatchVersion(this HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParseList([header], out var tags) && tags.Count == 1 && !tags[0].IsWeak
            && uint.TryParse(tags[0].Tag.AsSpan().Trim('"'), out var version))
        {
            return version;
        }

        throw PreconditionFailed("If-Match must be the ETag of the version you read, for example \"12345\".");
    }

    /// <summary>
    /// Checks <c>If-Match</c> before anything else is decided, as HTTP evaluates preconditions before the method: a
    /// stale version is a 412 even when the change would also break a rule.
    /// </summary>
    public static void EnsureMatches(uint version, uint? expected)
    {
        if (expected is { } named && version != named)
        {
            throw PreconditionFailed(ChangedMeanwhile);
        }
    }

    /// <summary>Saves on condition that the row is still at the version the client named (or, without If-Match, the one read).</summary>
    public static async Task SaveConditionallyAsync<TEntity>(this DbContext db, TEntity entity, Func<TEntity, uint> version, uint? expected, CancellationToken ct)
        where TEntity : class
    {
        if (expected is { } named)
        {
            if (version(entity) != named)
            {
                throw PreconditionFailed(ChangedMeanwhile);
            }

            db.Entry(entity).Property("Version").OriginalValue = named;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (expected is not null && Concurrency.IsConflict(e))
        {
            throw PreconditionFailed(ChangedMeanwhile);
        }
    }

    private static DomainFailure PreconditionFailed(string detail) =>
        new(FailureKind.PreconditionFailed, ErrorCodes.PreconditionFailed, detail);
}
