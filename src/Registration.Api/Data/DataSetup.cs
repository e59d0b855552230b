using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Registration.Api.Platform.Health;

namespace Registration.Api.Data;

public static class DataSetup
{
    public const string ConnectionStringName = "Registration";

    public static WebApplicationBuilder AddRegistrationData(this WebApplicationBuilder builder)
    {
        // Commands that never touch the database (token, openapi) run without one; serving, migrate and seed
        // call RequireConnectionString first.
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured
            ? configured
            : "Host=connection-string-not-configured.invalid";
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddSingleton<DatabaseAvailability>();
        builder.Services.AddSingleton<DatabaseAvailabilityInterceptor>();
        builder.Services.AddSingleton<Platform.Outbox.OutboxSignal>();
        builder.Services.AddSingleton<Platform.Outbox.OutboxCommitInterceptor>();
        var (maxRetryCount, maxRetryDelay) = RetrySettings(builder.Configuration);
        builder.Services.AddDbContextPool<RegistrationDb>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql
                .MigrationsHistoryTable("__ef_migrations_history")
                // A transient failure (a restart, a broken connection, a serialization failure) is retried: queries and
                // SaveChanges by themselves, explicit transactions as whole units (Transactions.InTransactionAsync).
                .EnableRetryOnFailure(maxRetryCount, maxRetryDelay, errorCodesToAdd: null))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<DatabaseAvailabilityInterceptor>(), services.GetRequiredService<Platform.Outbox.OutboxCommitInterceptor>())
            // A failure reaches the failure handler, which logs it once (or DatabaseAvailability, once per outage):
            // EF Core's own error lines for the same failure would only repeat it.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.TransactionError, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug))));
        return builder;
    }

    /// <summary><c>Database:MaxRetryCount</c> (0–10, default 3) and <c>Database:MaxRetryDelaySeconds</c> (0–30, default 2).</summary>
    internal static (int MaxRetryCount, TimeSpan MaxRetryDelay) RetrySettings(IConfiguration configuration)
    {
        var count = configuration.GetValue("Database:MaxRetryCount", 3);
        var delay = configuration.GetValue("Database:MaxRetryDelaySeconds", 2.0);
        if (count is < 0 or > 10)
        {
            throw new InvalidOperationException($"Database:MaxRetryCount must be between 0 and 10 (it is {count}).");
        }

        if (!double.IsFinite(delay) || delay is < 0 or > 30)
        {
            throw new InvalidOperationException($"Database:MaxRetryDelaySeconds must be between 0 and 30 (it is {delay}).");
        }

        return (count, TimeSpan.FromSeconds(delay));
    }

    public static void RequireConnectionString(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName)))
        {
            throw new InvalidOperationException(
                $"Connection string '{ConnectionStringName}' is missing: set ConnectionStrings__{ConnectionStringName} (scripts/run sets up a local PostgreSQL).");
        }
    }

    public static async Task MigrateRegistrationDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDb>();
        await db.Database.MigrateAsync(ct);
    }
}
