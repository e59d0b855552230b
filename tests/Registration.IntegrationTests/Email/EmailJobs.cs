using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Email;

/// <summary>The e-mail jobs as Hangfire holds them, for tests that wait for them or run one again.</summary>
internal static class EmailJobs
{
    /// <summary>
    /// Waits until the outbox has handed every committed change on (queueing its e-mail) and the job server has nothing
    /// queued or running, so an e-mail that was going to be sent has been.
    /// </summary>
    public static async Task SettledAsync(this ApiFactory api)
    {
        await api.DispatchedAsync();
        await Eventually.Async(
            () =>
            {
                var monitor = api.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
                return Task.FromResult(monitor.EnqueuedCount("default") + monitor.ProcessingCount() + monitor.FetchedCount("default"));
            },
            busy => busy == 0,
            "the job server to finish its queued jobs");
    }

    /// <summary>The ids of the e-mail jobs whose arguments mention <paramref name="text"/> (an address, an id).</summary>
    public static async Task<List<long>> EmailJobIdsAsync(this ApiFactory api, string text)
    {
        await using var connection = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT id FROM hangfire.job WHERE invocationdata::text LIKE '%SendEmail%' AND arguments::text LIKE @text ORDER BY id", connection);
        command.Parameters.AddWithValue("text", $"%{text}%");
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public static string? State(this ApiFactory api, long jobId)
    {
        using var connection = api.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId.ToString(System.Globalization.CultureInfo.InvariantCulture))?.Name;
    }

    /// <summary>How often the job has reached <paramref name="state"/> (its state history).</summary>
    public static Task<long> TimesInStateAsync(this ApiFactory api, long jobId, string state) =>
        api.ScalarAsync<long>("SELECT count(*) FROM hangfire.state WHERE jobid = @id AND name = @state", ("id", jobId), ("state", state));
}
