using Microsoft.EntityFrameworkCore;
using Registration.Api.Domain;

namespace Registration.Api.Data;

public sealed class RegistrationDb(DbContextOptions<RegistrationDb> options) : DbContext(options)
{
    public DbSet<Event> Events => Set<Event>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegistrationDb).Assembly);
}
