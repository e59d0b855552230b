using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Files;

namespace Registration.Api.Jobs;

/// <summary>
/// Reconciles the file store with the database (hourly, and at start-up). A file is an orphan when no statement row
/// names it: an upload that failed after staging, or whose transaction rolled back while the process stopped. Orphans
/// older than <see cref="FileStoreOptions.OrphanAgeMinutes"/> (an upload may still be running) are removed. A staged file
/// whose row did commit — the process stopped between the commit and the move — is moved into place.
/// </summary>
public sealed class SweepOrphanFiles(RegistrationDb db, IFileStore store, FileStoreOptions options, TimeProvider clock, ILogger<SweepOrphanFiles> logger)
{
    public const string RecurringJobId = "sweep-orphan-files";
    private const int Batch = 500;

    public async Task<(int Removed, int Published)> RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - TimeSpan.FromMinutes(options.OrphanAgeMinutes);
        var (removed, published) = (0, 0);
        var batch = new List<StoredFileEntry>(Batch);
        await foreach (var entry in store.ListAsync(ct))
        {
            if (entry.WrittenAt < before)
            {
                batch.Add(entry);
            }

            if (batch.Count == Batch)
            {
                (removed, published) = Add((removed, published), await ReconcileAsync(batch, ct));
                batch.Clear();
            }
        }

        (removed, published) = Add((removed, published), await ReconcileAsync(batch, ct));
        if (removed + published > 0)
        {
            logger.LogInformation("File sweep: removed {Removed} orphaned files, moved {Published} committed ones into place", removed, published);
        }

        return (removed, published);
    }

    private async Task<(int Removed, int Published)> ReconcileAsync(List<StoredFileEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return (0, 0);
        }

        var keys = entries.Select(e => e.Key).ToList();
        var owned = (await db.Statements.AsNoTracking().Where(s => keys.Contains(s.StorageKey)).Select(s => s.StorageKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var (removed, published) = (0, 0);
        foreach (var entry in entries)
        {
            if (!owned.Contains(entry.Key))
            {
                await store.DeleteAsync(entry.Key, ct);
                removed++;
            }
            else if (entry.Staged)
            {
                await store.PublishAsync(entry.Key, ct);
                published++;
            }
        }

        return (removed, published);
    }

    private static (int, int) Add((int A, int B) x, (int A, int B) y) => (x.A + y.A, x.B + y.B);
}
