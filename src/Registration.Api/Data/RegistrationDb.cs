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
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();
    public DbSet<Statement> Statements => Set<Statement>();
    public DbSet<StatementClosure> StatementClosures => Set<StatementClosure>();
    public DbSet<Sitting> Sittings => Set<Sitting>();
    public DbSet<RemoteSlot> RemoteSlots => Set<RemoteSlot>();
    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<Mission> Missions => Set<Mission>();
    public DbSet<Domain.Letters.LetterTemplate> LetterTemplates => Set<Domain.Letters.LetterTemplate>();
    public DbSet<Domain.Letters.LetterTemplateContent> LetterTemplateContents => Set<Domain.Letters.LetterTemplateContent>();
    public DbSet<Domain.Letters.LetterRun> LetterRuns => Set<Domain.Letters.LetterRun>();
    public DbSet<Domain.Letters.LetterEmail> LetterEmails => Set<Domain.Letters.LetterEmail>();
    public DbSet<Domain.Calls.Call> Calls => Set<Domain.Calls.Call>();
    public DbSet<Domain.Calls.Contribution> Contributions => Set<Domain.Calls.Contribution>();
    public DbSet<Domain.Calls.ContributionFile> ContributionFiles => Set<Domain.Calls.ContributionFile>();
    public DbSet<Domain.Calls.ContributionFileContent> ContributionFileContents => Set<Domain.Calls.ContributionFileContent>();

    /// <summary>This unit of work recorded changes in the outbox since its transaction began (read by <see cref="Platform.Outbox.OutboxSignal"/>).</summary>
    internal bool RecordedChanges { get; set; }

    /// <summary>
    /// Saves, and records in the outbox, in the same batch, every change the saved entities raised: the change and the
    /// data it reports commit or roll back together.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        TruncateToStoredPrecision();
        if (await Features.Changes.ChangeRecorder.RecordAsync(this, cancellationToken))
        {
            RecordedChanges = true;
            TruncateToStoredPrecision();
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Recording a change may read the database (a note's matches), so saving is asynchronous only.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: saving records the raised changes in the outbox, which may read the database.");

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
