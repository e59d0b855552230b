using System.Net;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Changes;

/// <summary>
/// The trap of a change feed: transactions commit out of the order in which they began (or wrote), and a reader that
/// has moved past a position must never find a change committed later behind it.
/// </summary>
public sealed class ConcurrentFeedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_reader_following_the_feed_while_many_writers_commit_misses_nothing_and_ends_with_what_the_API_shows()
    {
        var eventId = await api.EventAsync();
        var delegations = new Dictionary<string, Guid> { ["AUT"] = await api.DelegationAsync(eventId, "AUT"), ["DEU"] = await api.DelegationAsync(eventId, "DEU") };
        var still = await api.DelegateAsync(eventId, delegations["AUT"], Arrange.Delegate("Still", "Standing"));
        var stillId = still.GetProperty("id").GetGuid();

        // The reader follows the feed to its end, again and again, from the cursor it kept, while the writers write.
        var seen = new List<JsonElement>();
        string? cursor = null;
        var reads = 0;
        using var writing = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var client = api.Client().AsSecretariat();
            while (!writing.IsCancellationRequested)
            {
                var (items, next) = await client.ReadToEndAsync(eventId, cursor, limit: 7);
                seen.AddRange(items);
                cursor = next;
                reads++;
            }
        });

        // Writers through the API: delegates registered, edited, withdrawn, in two delegations (each serialises its own).
        var registered = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var writers = Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            var country = writer % 2 == 0 ? "AUT" : "DEU";
            var client = api.Client().AsDelegation(country);
            for (var i = 0; i < 5; i++)
            {
                using var created = await client.PostAsync(
                    $"/api/v1/events/{eventId}/delegations/{delegations[country]}/delegates", Arrange.Delegate("Writer", $"W{writer}N{i}"));
                var id = (await created.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                registered.Add(id);
                foreach (var title in new[] { "Counsellor", "Minister Counsellor" })
                {
                    using var edited = await client.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { jobTitle = $"{title} {i}" });
                    await edited.ShouldHaveAsync(HttpStatusCode.OK);
                }

                if (i % 2 == 0)
                {
                    using var withdrawn = await client.PostAsync($"/api/v1/events/{eventId}/delegates/{id}/withdraw", new { });
                    await withdrawn.ShouldHaveAsync(HttpStatusCode.OK);
                }
            }
        }));

        // Transactions that write their change first and commit late, while the others commit around them.
        var late = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                await using var connection = new NpgsqlConnection(api.ConnectionString);
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var insert = new NpgsqlCommand(
                    "INSERT INTO outbox (id, type, event_id, subject_id, occurred_at, payload) VALUES (@id, 'delegate.updated', @event, @subject, @at, @payload)",
                    connection, transaction))
                {
                    insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
                    insert.Parameters.AddWithValue("event", eventId);
                    insert.Parameters.AddWithValue("subject", stillId);
                    insert.Parameters.AddWithValue("at", api.Clock.GetUtcNow());
                    insert.Parameters.AddWithValue("payload", NpgsqlDbType.Json, still.GetRawText());
                    await insert.ExecuteNonQueryAsync();
                }

                await Task.Delay(Random.Shared.Next(50, 400));
                await transaction.CommitAsync();
            }
        }));

        await Task.WhenAll([.. writers, .. late]);
        await writing.CancelAsync();
        await reader;
        var (rest, _) = await api.Client().AsSecretariat().ReadToEndAsync(eventId, cursor);
        seen.AddRange(rest);

        // Every committed change, each once, in the order of the feed's positions: the reader skipped nothing.
        var stored = new List<Guid>();
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand("SELECT id FROM outbox WHERE event_id = @event ORDER BY position", connection);
            query.Parameters.AddWithValue("event", eventId);
            await using var rows = await query.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                stored.Add(rows.GetGuid(0));
            }
        }

        reads.ShouldBeGreaterThan(3, "the reader should have read the feed to its end several times while the writers wrote");
        stored.Count.ShouldBe(1 + 6 * 5 * 3 + 6 * 3 + 3 * 8); // registered and edited twice, every other one withdrawn, the late ones
        var read = seen.Select(c => c.GetProperty("id").GetGuid()).ToList();
        stored.Except(read).ShouldBeEmpty("changes the reader skipped");
        read.Count.ShouldBe(stored.Count, "changes read twice");
        read.ShouldBe(stored, "the feed's order");

        // Applying the feed in order leaves a reader with every delegate as the API shows it now.
        var secretariat = api.Client().AsSecretariat();
        foreach (var id in registered.Append(stillId))
        {
            seen.Last(c => c.DataId() == id).GetProperty("data")
                .ShouldBeSameJsonAs(await secretariat.GetJsonAsync($"/api/v1/events/{eventId}/delegates/{id}"), $"delegate {id}");
        }
    }
}
