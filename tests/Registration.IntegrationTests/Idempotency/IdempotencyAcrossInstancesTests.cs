using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Registration.IntegrationTests.Infrastructure;
using Registration.IntegrationTests.Platform;

namespace Registration.IntegrationTests.Idempotency;

/// <summary>The key's claim and answer live in the shared database: two instances of the API treat a key as one.</summary>
public sealed class IdempotencyAcrossInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private const int Rounds = 10;
    private readonly ApiFactory first = instances.First;
    private readonly ApiFactory second = instances.Second;

    private static Task<HttpResponseMessage> CreateDelegationAsync(ApiFactory instance, Guid eventId, string country, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/delegations")
        {
            Content = new StringContent(new JsonObject { ["country"] = country }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return instance.Client().AsSecretariat().Http.SendAsync(request);
    }

    [Fact]
    public async Task A_duplicate_sent_to_the_other_instance_while_the_first_is_in_progress_is_told_to_retry_and_then_replayed()
    {
        var eventId = await first.EventAsync();
        var key = Guid.NewGuid().ToString();

        Task<HttpResponseMessage> original;
        await using (var connection = new NpgsqlConnection(first.ConnectionString))
        {
            // The event's row locked against the share lock every write takes: the first request waits, in progress.
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("SELECT 1 FROM events WHERE id = @e FOR UPDATE", connection, transaction))
            {
                command.Parameters.AddWithValue("e", eventId);
                await command.ExecuteScalarAsync();
            }

            original = CreateDelegationAsync(first, eventId, "AUT", key);
            await Eventually.Async(
                () => first.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
                waiting => waiting == 1,
                "the first request waiting for the event's lock",
                TimeSpan.FromSeconds(30));

            using var duplicate = await CreateDelegationAsync(second, eventId, "AUT", key);
            await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request-in-progress");
            duplicate.Headers.RetryAfter.ShouldNotBeNull();
            await transaction.RollbackAsync();
        }

        using var answered = await original;
        var created = await answered.ShouldHaveAsync(HttpStatusCode.Created);
        using var retried = await CreateDelegationAsync(second, eventId, "AUT", key);
        (await retried.ShouldHaveAsync(HttpStatusCode.Created)).ToString().ShouldBe(created.ToString());
        retried.Headers.Location.ShouldBe(answered.Headers.Location);
        retried.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task Identical_requests_to_both_instances_at_once_create_once()
    {
        string[] countries = ["AUT", "BEL", "CHE", "DEU", "DNK", "ESP", "FIN", "FRA", "GRC", "HRV"];
        var eventId = await first.EventAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var key = Guid.NewGuid().ToString();
            var (a, b) = await Race.BothAsync(
                () => CreateDelegationAsync(first, eventId, countries[round], key),
                () => CreateDelegationAsync(second, eventId, countries[round], key));
            using var one = a;
            using var two = b;

            var statuses = new[] { one.StatusCode, two.StatusCode };
            statuses.ShouldContain(HttpStatusCode.Created, $"round {round}");
            statuses.ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict, $"round {round}");
            foreach (var conflict in new[] { one, two }.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request-in-progress");
            }

            (await first.ScalarAsync<long>("SELECT count(*) FROM delegations WHERE event_id = @e AND country = @c", ("e", eventId), ("c", countries[round])))
                .ShouldBe(1, $"round {round}");
        }
    }
}
