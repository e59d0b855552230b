using System.Collections.Concurrent;
using System.Net;
using Registration.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Registration.IntegrationTests.Platform;

/// <summary>
/// PostgreSQL restarting or out of reach: a short interruption costs clients nothing (transient failures are retried,
/// explicit transactions as whole units), a longer one answers <c>503 service-unavailable</c> with <c>Retry-After</c>,
/// never <c>500</c>, and the service recovers by itself. The tests run one after another (one class): they share the proxy.
/// </summary>
public sealed class DatabaseFaultTests(ProxiedDatabaseApi api, ITestOutputHelper output) : IClassFixture<ProxiedDatabaseApi>
{
    /// <summary>
    /// Takes the proxy down, starts <paramref name="meanwhile"/>, and keeps it down until <paramref name="felt"/> connections
    /// were refused (bounded) or <paramref name="over"/> says there is nothing more to wait for, and at least
    /// <paramref name="atLeastMilliseconds"/> passed; then brings it back.
    /// </summary>
    private async Task InterruptAsync(Action? meanwhile = null, Func<bool>? over = null, int felt = 1, int atLeastMilliseconds = 0)
    {
        var before = api.Proxy.Refused;
        api.Proxy.Down = true;
        try
        {
            meanwhile?.Invoke();
            var minimum = Task.Delay(atLeastMilliseconds);
            await Eventually.Async(
                () => Task.FromResult(api.Proxy.Refused - before), n => n >= felt || over?.Invoke() == true, $"{felt} connection(s) refused during the interruption", TimeSpan.FromSeconds(30));
            await minimum;
        }
        finally
        {
            api.Proxy.Down = false;
        }
    }

    [Fact]
    public async Task A_request_that_meets_a_sub_second_interruption_succeeds_once_the_database_is_back()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var client = api.Client().AsSecretariat();
        var email = $"{Guid.NewGuid():N}@example.gv.at";

        // The proxy goes down before the request and comes back as soon as the request's first connection attempt is
        // refused: the retry after it reaches the database again. (Without retries the request answers 503 at once.)
        Task<HttpResponseMessage>? sending = null;
        await InterruptAsync(
            () => sending = client.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", email)),
            over: () => sending!.IsCompleted);

        using var response = await sending!;
        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE email = @email", ("email", email))).ShouldBe(1);
        created.GetProperty("email").GetString().ShouldBe(email);
    }

    [Fact]
    public async Task A_short_interruption_while_a_client_registers_delegates_answers_no_500_and_stores_each_delegate_once()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var path = $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates";
        var answers = new ConcurrentBag<(string Email, HttpStatusCode Status, string? Code, TimeSpan? RetryAfter, Guid? Id)>();
        using var stop = new CancellationTokenSource();

        async Task RegisterUntilStoppedAsync()
        {
            var client = api.Client().AsSecretariat();
            while (!stop.IsCancellationRequested)
            {
                var email = $"{Guid.NewGuid():N}@example.gv.at";
                using var response = await client.PostAsync(path, Arrange.Delegate("Anna", "Berger", email));
                var body = await response.Content.ReadAsStringAsync();
                using var json = System.Text.Json.JsonDocument.Parse(body);
                answers.Add(response.StatusCode == HttpStatusCode.Created
                    ? (email, response.StatusCode, null, null, json.RootElement.GetProperty("id").GetGuid())
                    : (email, response.StatusCode, json.RootElement.TryGetProperty("code", out var code) ? code.GetString() : body, response.Headers.RetryAfter?.Delta, null));
            }
        }

        var clients = Enumerable.Range(0, 3).Select(_ => Task.Run(RegisterUntilStoppedAsync)).ToList();
        await Eventually.Async(() => Task.FromResult(answers.Count), n => n >= 10, "ten registrations before the interruption");
        await InterruptAsync(felt: 2, atLeastMilliseconds: 300);
        api.Proxy.Refused.ShouldBeGreaterThanOrEqualTo(2, "the clients met the interruption");
        var afterInterruption = answers.Count;
        await Eventually.Async(() => Task.FromResult(answers.Count), n => n >= afterInterruption + 15, "fifteen registrations after the interruption");
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        var all = answers.ToList();
        var created = all.Where(a => a.Status == HttpStatusCode.Created).ToList();
        var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        output.WriteLine($"{all.Count} registrations: {created.Count} created, {unavailable.Count} answered 503; {api.Proxy.Refused} connections refused while down");
        all.Where(a => a.Status is not (HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable))
            .ShouldBeEmpty("every registration was created or answered 503");
        unavailable.ShouldAllBe(a => a.Code == "service-unavailable" && a.RetryAfter == TimeSpan.FromSeconds(5));
        // Under a second of interruption against retries that span about three: it cost the clients nothing.
        unavailable.ShouldBeEmpty("the retries outlast a sub-second interruption");

        // Every created delegate is stored, each once, and nothing else is: no unit ran twice, none half.
        var stored = await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE delegation_id = @id", ("id", delegationId));
        stored.ShouldBe(created.Count);
        foreach (var (email, _, _, _, id) in created)
        {
            (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE id = @id AND email = @email", ("id", id!.Value), ("email", email))).ShouldBe(1);
        }

        // And afterwards everything works as before.
        using var later = await api.Client().AsSecretariat().PostAsync(path, Arrange.Delegate("Ben", "Huber"));
        await later.ShouldHaveAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Readiness_answers_503_while_the_database_is_unreachable_and_200_when_it_is_back()
    {
        var client = api.Client().Anonymous();
        (await client.GetJsonAsync("/health/ready")).GetProperty("status").GetString().ShouldBe("healthy");

        api.Proxy.Down = true;
        try
        {
            using var down = await client.GetAsync("/health/ready");
            (await down.ShouldHaveAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("status").GetString().ShouldBe("unhealthy");
            using var live = await client.GetAsync("/health/live");
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            api.Proxy.Down = false;
        }

        using var back = await client.GetAsync("/health/ready");
        (await back.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("healthy");
    }

    [Fact]
    public async Task A_write_while_the_database_stays_unreachable_answers_503_with_retry_after_and_stores_nothing()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var client = api.Client().AsSecretariat();
        var email = $"{Guid.NewGuid():N}@example.gv.at";

        api.Proxy.Down = true;
        try
        {
            using var response = await client.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", email));
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "service-unavailable");
            response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        }
        finally
        {
            api.Proxy.Down = false;
        }

        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE email = @email", ("email", email))).ShouldBe(0);
        using var again = await client.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", email));
        await again.ShouldHaveAsync(HttpStatusCode.Created);
    }
}
