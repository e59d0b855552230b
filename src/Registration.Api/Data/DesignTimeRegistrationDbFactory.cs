using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Registration.Api.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without the web host's configuration or a database.</summary>
internal sealed class DesignTimeRegistrationDbFactory : IDesignTimeDbContextFactory<RegistrationDb>
{
    public RegistrationDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RegistrationDb>()
            .UseNpgsql("Host=localhost;Database=registration_design", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);
}
