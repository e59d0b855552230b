using System.Net;
using System.Text;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Idempotency;

/// <summary>Idempotent requests and Hangfire jobs, with a real Hangfire server on PostgreSQL.</summary>
public sealed class IdempotencyJobTests(JobServerApi api) : IClassFixture<JobServerApi>
{
    private async Task<string> CreateDelegationWithKeyAsync(Guid eventId, string country)
    {
        var key = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/delegations")
        {
            Content = new StringContent($$"""{ "country": "{{country}}" }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await api.Client().AsSecretariat().Http.SendAsync(request);
        await response.ShouldHaveAsync(HttpStatusCode.Created);
        return key;
    }

    [Fact]
    public async Task An_event_created_with_a_key_gets_its_closing_job_once_committed_and_closes_at_its_deadline()
    {
        var deadline = api.Clock.GetUtcNow().AddSeconds(2);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(
                Requests.JointEvent($"KEYED-{Random.Shared.Next():X8}").With("registrationDeadline", deadline.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz")).ToJsonString(),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await api.Client().AsSecretariat().Http.SendAsync(request);
        var eventId = (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        (await api.ScalarAsync<string?>("SELECT closing_job_id FROM events WHERE id = @e", ("e", eventId))).ShouldNotBeNullOrEmpty();
        api.Clock.Set(deadline.AddSeconds(1));
        await Eventually.Async(
            () => api.ScalarAsync<long>("SELECT count(*) FROM registration_closures WHERE event_id = @e", ("e", eventId)),
            closures => closures == 1,
            "the closing job to close the event");
    }

    private Task<long> KeyCountAsync(string key) => api.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = @k", ("k", key));

    [Fact]
    public async Task The_hourly_job_forgets_keys_older_than_24_hours_and_keeps_the_others()
    {
        using (var connection = api.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            await Eventually.Async(
                () => Task.FromResult(connection.GetRecurringJobs().SingleOrDefault(j => j.Id == PurgeExpiredIdempotencyKeys.RecurringJobId)),
                job => job is not null,
                "the purge to be registered as a recurring job");
            connection.GetRecurringJobs().Single(j => j.Id == PurgeExpiredIdempotencyKeys.RecurringJobId).Cron.ShouldBe("17 * * * *");
        }

        var eventId = await api.EventAsync();
        var old = await CreateDelegationWithKeyAsync(eventId, "AUT");
        api.Clock.Advance(TimeSpan.FromHours(20));
        var recent = await CreateDelegationWithKeyAsync(eventId, "BEL");
        api.Clock.Advance(TimeSpan.FromHours(4).Add(TimeSpan.FromSeconds(1)));

        api.Services.GetRequiredService<IRecurringJobManager>().Trigger(PurgeExpiredIdempotencyKeys.RecurringJobId);

        await Eventually.Async(() => KeyCountAsync(old), count => count == 0, "the purge to forget the key of 24 hours ago");
        (await KeyCountAsync(recent)).ShouldBe(1);
    }
}
