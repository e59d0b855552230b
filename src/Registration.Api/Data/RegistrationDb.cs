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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegistrationDb).Assembly);
    }
}
