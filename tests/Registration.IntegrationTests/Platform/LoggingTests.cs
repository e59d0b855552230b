using System.Net;
using Microsoft.Extensions.Logging;
using Npgsql;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>Each failure is logged once; a database outage is one line when it starts and one when it ends.</summary>
public sealed class LoggingTests(LoggingTests.ProxiedApi api) : IClassFixture<LoggingTests.ProxiedApi>
{
    /// <summary>Without waits between retries: twenty requests meet the outage, each with all its retries.</summary>
    public sealed class ProxiedApi : ProxiedDatabaseApi
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Database:MaxRetryDelaySeconds"] = "0",
        };
    }

    private static bool IsWarningOrWorse(LogEntry entry) => entry.Level >= LogLevel.Warning;

    [Fact]
    public async Task An_unhandled_failure_is_logged_once_with_its_stack_trace_and_answers_a_500_problem()
    {
        var client = api.Client().Anonymous();
        (await client.GetAsync("/api/v1/events")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var rename = new NpgsqlCommand("ALTER TABLE events RENAME TO events_elsewhere", connection);
            await rename.ExecuteNonQueryAsync();
        }

        try
        {
            var mark = api.Logs.Mark();
            using var response = await client.GetAsync("/api/v1/events");

            await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
            var logged = api.Logs.Since(mark).Where(IsWarningOrWorse).ToList();
            logged.Count.ShouldBe(1, string.Join("\n", logged.Select(e => $"{e.Category} {e.Level}: {e.Message}")));
            logged[0].Exception.ShouldBeOfType<PostgresException>();
        }
        finally
        {
            await using var connection = new NpgsqlConnection(api.ConnectionString);
            await connection.OpenAsync();
            await using var back = new NpgsqlCommand("ALTER TABLE events_elsewhere RENAME TO events", connection);
            await back.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_database_outage_answers_503_and_logs_one_line_when_it_starts_and_one_when_it_ends()
    {
        var client = api.Client().Anonymous();
        (await client.GetAsync("/api/v1/events")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var mark = api.Logs.Mark();

        api.Proxy.Down = true;
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/api/v1/events");
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
            response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        }

        var duringOutage = api.Logs.Since(mark).Where(IsWarningOrWorse).ToList();
        api.Proxy.Down = false;
        using (var recovered = await client.GetAsync("/api/v1/events"))
        {
            recovered.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        duringOutage.Count.ShouldBe(1, string.Join("\n", duringOutage.Select(e => $"{e.Category} {e.Level}: {e.Message}")));
        duringOutage[0].Message.ShouldContain("PostgreSQL is unavailable");
        duringOutage[0].Exception.ShouldBeNull();
        var all = api.Logs.Since(mark).Where(IsWarningOrWorse).ToList();
        all.Count.ShouldBe(2, string.Join("\n", all.Select(e => $"{e.Category} {e.Level}: {e.Message}")));
        all[1].Message.ShouldContain("PostgreSQL is available again");
    }
}
