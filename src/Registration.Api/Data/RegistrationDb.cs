using Microsoft.EntityFrameworkCore;
using Registration.Api.Domain;

namespace Registration.Api.Data;

public sealed class RegistrationDb(DbContextOptions<RegistrationDb> options) : DbContext(options)
{
    public DbSet<Event> Events => Set<Event>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<DelegateRegistration> Delegates => Set<DelegateRegistration>();
    public DbSet<DelegateHistoryEntry> DelegateHistory => Set<DelegateHistoryEntry>();
    public DbSet<NoteVerbale> NotesVerbales => Set<NoteVerbale>();
    public DbSet<NoteVerbaleContent> NoteVerbaleContents => Set<NoteVerbaleContent>();
    public DbSet<NoteVerbaleMatch> NoteVerbaleMatches => Set<NoteVerbaleMatch>();
    public DbSet<RegistrationClosure> RegistrationClosures => Set<RegistrationClosure>();
    public DbSet<Platform.Email.EventEmailTemplate> EmailTemplates => Set<Platform.Email.EventEmailTemplate>();
    public DbSet<Platform.Email.SentEmail> SentEmails => Set<Platform.Email.SentEmail>();
    public DbSet<Platform.Email.DeadlineReminder> DeadlineReminders => Set<Platform.Email.DeadlineReminder>();
    public DbSet<Platform.Idempotency.IdempotencyRecord> IdempotencyKeys => Set<Platform.Idempotency.IdempotencyRecord>();

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        TruncateToStoredPrecision();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        TruncateToStoredPrecision();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// PostgreSQL keeps microseconds, .NET ticks are tenths of them: instants are cut to what is stored before they are
    /// written, so the answer to a write shows exactly what later reads show.
    /// </summary>
    private void TruncateToStoredPrecision()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is DateTimeOffset instant && instant.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
                {
                    property.CurrentValue = instant.AddTicks(-(instant.UtcTicks % TimeSpan.TicksPerMicrosecond));
                }
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegistrationDb).Assembly);
    }
}
