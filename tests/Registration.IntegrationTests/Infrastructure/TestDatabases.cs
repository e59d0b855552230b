using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Registration.Api.Data;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Real PostgreSQL for every test class: the schema is migrated once into a template database, and each class gets a
/// fresh copy (CREATE DATABASE ... TEMPLATE), so classes run in parallel without seeing each other's rows.
/// </summary>
internal static class TestDatabases
{
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    public static string AdminConnectionString { get; } = FindAdminConnectionString();

    public static async Task<string> CreateAsync()
    {
        var template = await Template.Value;
        var name = $"reg_t_{Guid.NewGuid():N}";
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }
        finally
        {
            CreateLock.Release();
        }

        return ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, MaxPoolSize = 20 }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        var migrations = string.Join(',', NewContext(AdminConnectionString).Database.GetMigrations())
            + typeof(Hangfire.PostgreSql.PostgreSqlStorage).Assembly.GetName().Version;
        var name = "reg_tpl_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migrations)))[..16];

        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using (var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", admin))
        {
            exists.Parameters.AddWithValue("name", name);
            if ((long)(await exists.ExecuteScalarAsync())! == 1)
            {
                return name;
            }
        }

        // A template of an older schema is of no further use.
        await using (var stale = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'reg\\_tpl\\_%'", admin))
        await using (var reader = await stale.ExecuteReaderAsync())
        {
            var names = new List<string>();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            await reader.CloseAsync();
            foreach (var old in names)
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{old}\" WITH (FORCE)");
            }
        }

        var building = name + "_building_" + Environment.ProcessId;
        await ExecuteAsync($"CREATE DATABASE \"{building}\"");
        await using (var db = NewContext(ConnectionStringFor(building)))
        {
            await db.Database.MigrateAsync();
        }

        // Hangfire's own tables too, so that no test class installs them on first use.
        await using (var connection = new NpgsqlConnection(ConnectionStringFor(building)))
        {
            await connection.OpenAsync();
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, "hangfire");
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync($"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another test run built the same template at the same moment: use theirs.
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
        }

        return name;
    }

    private static RegistrationDb NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<RegistrationDb>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);

    private static async Task ExecuteAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// <c>scripts/test</c> exports the server's address; a plain <c>dotnet test</c> finds the file it leaves in the test
    /// cluster's folder (never the development cluster's: test databases do not belong next to a developer's data).
    /// </summary>
    private static string FindAdminConnectionString()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("REGISTRATION_TEST_ADMIN_CONNECTION");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, ".local", "postgres-test", "admin-connection");
            if (File.Exists(file))
            {
                return File.ReadAllText(file).Trim();
            }
        }

        throw new InvalidOperationException(
            "No PostgreSQL for the integration tests: run scripts/test (it starts the test cluster in .local/postgres-test), "
            + "or set REGISTRATION_TEST_ADMIN_CONNECTION to a server-level connection string.");
    }
}
