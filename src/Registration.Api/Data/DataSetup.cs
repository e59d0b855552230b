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
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(ForThePool(connectionString)).Build());
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

    /// <summary>
    /// The API's own pool, tuned unless the connection string says otherwise. The same few statements run on every
    /// request, so Npgsql prepares them once per connection (<c>Max Auto Prepare</c>) instead of having PostgreSQL parse
    /// and plan each anew. The pool is private to the API, which keeps no session state (no <c>SET</c>, temporary table,
    /// advisory lock or <c>LISTEN</c>), so a returned connection need not be reset: <c>DISCARD ALL</c> on every request
    /// would also throw the prepared statements away. Hangfire has its own pool (<see cref="Platform.Jobs.HangfireSetup"/>).
    /// </summary>
    internal static string ForThePool(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Max Auto Prepare"))
        {
            settings.MaxAutoPrepare = 64;
        }

        if (!Sets(connectionString, "Auto Prepare Min Usages"))
        {
            settings.AutoPrepareMinUsages = 2;
        }

        if (!Sets(connectionString, "No Reset On Close"))
        {
            settings.NoResetOnClose = true;
        }

        if (!Sets(connectionString, "Application Name"))
        {
            settings.ApplicationName = "registration-api";
        }

        return settings.ConnectionString;
    }

    /// <summary>Whether the connection string sets the Npgsql setting, under any spelling Npgsql accepts for it.</summary>
    internal static bool Sets(string connectionString, string setting)
    {
        // Npgsql files every setting it parses under its canonical name ("Maximum Pool Size" for "MaxPoolSize").
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        return parsed.Keys.Cast<string>().Any(key => string.Equals(key, setting, StringComparison.OrdinalIgnoreCase));
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
