using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Webhooks;

/// <summary>
/// Deliveries to a real HTTP receiver (Kestrel on a loopback port, which Development allows) by the Hangfire jobs, with
/// the application's clock moved to make retries due instead of waiting for them.
/// </summary>
public sealed class WebhookDeliveryTests(WebhookDeliveryTests.Server api) : IClassFixture<WebhookDeliveryTests.Server>
{
    public sealed class Server : JobServerApi
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Webhooks:TimeoutSeconds"] = "10",
            ["Webhooks:WorkerCount"] = "2",
        };
    }

    private readonly ApiClient secretariat = api.Client().AsSecretariat();

    /// <summary>Moves the clock a minute at a time, starting the deliveries that fall due, until <paramref name="done"/>.</summary>
    private Task<bool> RetryUntilAsync(Func<bool> done, string what) =>
        Eventually.Async(
            async () =>
            {
                api.Clock.Advance(TimeSpan.FromMinutes(1));
                await api.SendDueWebhooksAsync();
                return done();
            },
            finished => finished,
            what);

    private static WebhookReceiver.Received? Last(WebhookReceiver receiver) => receiver.Requests is { Count: > 0 } all ? all[^1] : null;

    private async Task<JsonElement> DeliveryAsync(Guid webhookId, Func<JsonElement, bool> done, string what) =>
        (await Eventually.Async(() => api.DeliveriesAsync(webhookId), deliveries => deliveries.Count == 1 && done(deliveries[0]), what))[0];

    [Fact]
    public async Task A_receiver_that_fails_twice_then_succeeds_gets_the_same_signed_change_three_times_and_a_replay_sends_it_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent;
        var eventId = await api.EventAsync();
        var (webhookId, secret) = await api.SubscribeAsync(receiver.Url, ["delegate.registered"], eventId);
        var aut = await api.DelegationAsync(eventId, "AUT");

        var registered = await api.DelegateAsync(eventId, aut, Arrange.Delegate("Jürgen", "Müller-Łukasiewicz"));
        await receiver.WaitForAsync(1, "the first attempt");
        await RetryUntilAsync(() => receiver.Requests.Count >= 3, "the third attempt");
        var delivery = await DeliveryAsync(webhookId, d => d.GetProperty("status").GetString() == "succeeded", "the delivery to succeed");

        // The same change each time, under the same webhook-id, signed anew for each attempt's timestamp.
        var change = (await secretariat.ReadToEndAsync(eventId)).Items.Single(c => c.Type() == "delegate.registered");
        var requests = receiver.Requests;
        requests.Count.ShouldBe(3);
        requests.Select(r => r.AnsweredWith).ShouldBe([500, 500, 204]);
        requests.ShouldAllBe(r => r.Id == change.GetProperty("id").GetString());
        requests.ShouldAllBe(r => r.SignedWith(secret));
        requests.Select(r => long.Parse(r.Timestamp, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeInOrder(SortDirection.Ascending);
        requests.Select(r => r.Timestamp).Distinct().Count().ShouldBe(3);
        foreach (var request in requests)
        {
            request.Json.ShouldBeSameJsonAs(change);
            OpenApiConformance.Check(System.Text.Json.Nodes.JsonNode.Parse(request.Body), "ChangeResponse").ShouldBeEmpty("the body is the documented ChangeResponse");
        }

        // The body carries the delegate as the API answered the registration and shows it now.
        requests[0].Json.GetProperty("data").ShouldBeSameJsonAs(registered);
        requests[0].Json.GetProperty("data").ShouldBeSameJsonAs(await secretariat.GetJsonAsync($"/api/v1/events/{eventId}/delegates/{registered.GetProperty("id").GetGuid()}"));

        // Every attempt is logged: when, the outcome, the receiver's status and the latency.
        delivery.GetProperty("changeId").GetString().ShouldBe(change.GetProperty("id").GetString());
        delivery.GetProperty("type").GetString().ShouldBe("delegate.registered");
        delivery.GetProperty("nextAttemptAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        attempts.Select(a => a.GetProperty("number").GetInt32()).ShouldBe([1, 2, 3]);
        attempts.Select(a => a.GetProperty("outcome").GetString()).ShouldBe(["failed", "failed", "succeeded"]);
        attempts.Select(a => a.GetProperty("responseStatus").GetInt32()).ShouldBe([500, 500, 204]);
        attempts.Select(a => a.GetProperty("at").GetDateTimeOffset()).ShouldBeInOrder(SortDirection.Ascending);
        attempts.ShouldAllBe(a => a.GetProperty("latencyMs").GetInt32() >= 0 && !a.GetProperty("replay").GetBoolean());
        attempts[0].GetProperty("error").GetString()!.ShouldContain("500");
        attempts[2].GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);

        // A receiver that lost it asks for it again: the same change, the same webhook-id.
        using (var replay = await secretariat.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{delivery.GetProperty("id").GetGuid()}/replay", new { }))
        {
            await replay.ShouldHaveAsync(HttpStatusCode.Accepted);
        }

        var again = (await receiver.WaitForAsync(4, "the replay"))[3];
        again.Id.ShouldBe(change.GetProperty("id").GetString());
        again.SignedWith(secret).ShouldBeTrue();
        again.Json.ShouldBeSameJsonAs(change);
        var replayed = await DeliveryAsync(webhookId, d => d.GetProperty("attempts").GetArrayLength() == 4, "the replay to be logged");
        replayed.GetProperty("attempts")[3].GetProperty("replay").GetBoolean().ShouldBeTrue();
        replayed.GetProperty("status").GetString().ShouldBe("succeeded", replayed.ToString());
    }

    [Fact]
    public async Task A_slow_receiver_does_not_slow_the_API_and_the_sender_gives_up_on_it_at_the_timeout()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        var eventId = await api.EventAsync();
        var (webhookId, _) = await api.SubscribeAsync(receiver.Url, ["delegate.registered", "delegate.updated"], eventId);
        var aut = await api.DelegationAsync(eventId, "AUT");
        var first = await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger"));
        await receiver.WaitForAsync(1, "the first delivery, which the receiver holds");

        // The receiver holds the request; the API goes on answering (it never waits for a delivery) ...
        var client = api.Client().AsDelegation("AUT");
        for (var i = 0; i < 3; i++)
        {
            var id = (await api.DelegateAsync(eventId, aut, Arrange.Delegate("Ben", $"Huber{i}"))).GetProperty("id").GetGuid();
            using var edited = await client.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { jobTitle = "Adviser" });
            await edited.ShouldHaveAsync(HttpStatusCode.OK);
            await client.GetJsonAsync($"/api/v1/events/{eventId}/delegates/{id}");
        }

        // ... while the first attempt is still open: nothing is logged for it yet.
        var firstChange = (await secretariat.ReadToEndAsync(eventId)).Items.First();
        firstChange.DataId().ShouldBe(first.GetProperty("id").GetGuid());
        var open = (await api.DeliveriesAsync(webhookId)).Single(d => d.GetProperty("changeId").GetString() == firstChange.GetProperty("id").GetString());
        open.GetProperty("attempts").GetArrayLength().ShouldBe(0);

        // The sender does not wait past its timeout: the attempt fails, a worker is free again, a retry is due later.
        var timedOut = await Eventually.Async(
            async () => (await api.DeliveriesAsync(webhookId)).Single(d => d.GetProperty("changeId").GetString() == firstChange.GetProperty("id").GetString()),
            d => d.GetProperty("attempts").GetArrayLength() == 1,
            "the held attempt to time out");
        var attempt = timedOut.GetProperty("attempts")[0];
        attempt.GetProperty("outcome").GetString().ShouldBe("failed");
        attempt.GetProperty("responseStatus").ValueKind.ShouldBe(JsonValueKind.Null);
        attempt.GetProperty("error").GetString()!.ShouldContain("time limit");
        // Cut at the 10 s timeout: the timer fires on the system's coarse tick, so a few milliseconds either side of what
        // the stopwatch reads (9,998 ms was seen), never the receiver's whole hold.
        attempt.GetProperty("latencyMs").GetInt32().ShouldBeInRange(9_900, 15_000);
        timedOut.GetProperty("status").GetString().ShouldBe("pending");
        timedOut.GetProperty("nextAttemptAt").GetDateTimeOffset().ShouldBe(attempt.GetProperty("at").GetDateTimeOffset().AddSeconds(10), timedOut.ToString());
        receiver.Release();
    }

    [Fact]
    public async Task A_subscription_failing_for_24_hours_is_paused_until_the_secretariat_resumes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => HttpStatusCode.ServiceUnavailable;
        var eventId = await api.EventAsync();
        var (webhookId, secret) = await api.SubscribeAsync(receiver.Url, ["delegate.registered"], eventId);
        var aut = await api.DelegationAsync(eventId, "AUT");
        var failingSince = api.Clock.GetUtcNow();

        await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger"));
        await DeliveryAsync(webhookId, d => d.GetProperty("attempts").GetArrayLength() == 1, "the first attempt to be logged");
        (await secretariat.GetJsonAsync($"/api/v1/webhooks/{webhookId}")).GetProperty("failingSince").GetDateTimeOffset().ShouldBe(failingSince);

        // A day later it still fails: the subscription is paused and the delivery given up.
        api.Clock.Advance(TimeSpan.FromHours(25));
        await api.SendDueWebhooksAsync();
        var paused = await Eventually.Async(
            () => secretariat.GetJsonAsync($"/api/v1/webhooks/{webhookId}"), w => w.GetProperty("status").GetString() == "paused", "the subscription to pause");
        paused.GetProperty("pausedAt").GetDateTimeOffset().ShouldBe(api.Clock.GetUtcNow());
        var givenUp = await DeliveryAsync(webhookId, d => d.GetProperty("status").GetString() == "failed", "the delivery to be given up");
        givenUp.GetProperty("attempts").GetArrayLength().ShouldBe(2);
        givenUp.GetProperty("nextAttemptAt").ValueKind.ShouldBe(JsonValueKind.Null);

        // While paused, nothing goes out to it.
        await api.DelegateAsync(eventId, aut, Arrange.Delegate("Ben", "Huber"));
        await api.DispatchedAsync();
        (await api.DeliveriesAsync(webhookId)).Count.ShouldBe(1);
        using (var refused = await secretariat.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{givenUp.GetProperty("id").GetGuid()}/replay", new { }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "webhook-paused");
        }

        // Resumed, it gets what follows, and a replay brings what it missed.
        receiver.Answer = _ => HttpStatusCode.OK;
        using (var resumed = await secretariat.PostAsync($"/api/v1/webhooks/{webhookId}/resume", new { }))
        {
            var body = await resumed.ShouldHaveAsync(HttpStatusCode.OK);
            body.GetProperty("status").GetString().ShouldBe("active");
            body.GetProperty("failingSince").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        var carl = (await api.DelegateAsync(eventId, aut, Arrange.Delegate("Carl", "Gruber"))).GetProperty("id").GetGuid();
        var delivered = await Eventually.Async(() => Task.FromResult(Last(receiver)), r => r?.AnsweredWith == 200, "Carl's registration to be delivered");
        delivered!.Json.DataId().ShouldBe(carl);
        delivered.SignedWith(secret).ShouldBeTrue();
        using (var replay = await secretariat.PostAsync($"/api/v1/webhooks/{webhookId}/deliveries/{givenUp.GetProperty("id").GetGuid()}/replay", new { }))
        {
            await replay.ShouldHaveAsync(HttpStatusCode.Accepted);
        }

        var missed = await Eventually.Async(() => Task.FromResult(Last(receiver)), r => r!.Id == givenUp.GetProperty("changeId").GetString() && r.AnsweredWith == 200, "the replay");
        missed!.SignedWith(secret).ShouldBeTrue();
    }

    [Fact]
    public async Task Each_subscription_gets_the_types_and_event_it_asked_for_and_nothing_that_rolled_back()
    {
        await using var approvals = await WebhookReceiver.StartAsync();
        await using var registrations = await WebhookReceiver.StartAsync();
        var eventId = await api.EventAsync();
        var other = await api.EventAsync();
        var (approvalsId, _) = await api.SubscribeAsync(approvals.Url, ["delegate.approved"], eventId);
        var (everyEventId, _) = await api.SubscribeAsync(registrations.Url, ["delegate.registered"], null);
        try
        {
            var aut = await api.DelegationAsync(eventId, "AUT");
            var anna = (await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger", "anna@example.gv.at"))).GetProperty("id").GetGuid();
            using (var taken = await secretariat.PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/delegates", Arrange.Delegate("Anne", "Other", "anna@example.gv.at")))
            {
                await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
            }

            await api.UploadNoteAsync(eventId, aut, Notes.Naming("Ms. Anna BERGER"), "AUT");
            using (var approved = await secretariat.PostAsync($"/api/v1/events/{eventId}/delegates/{anna}/approve", new { }))
            {
                await approved.ShouldHaveAsync(HttpStatusCode.OK);
            }

            var deu = await api.DelegationAsync(other, "DEU");
            var ben = (await api.DelegateAsync(other, deu, Arrange.Delegate("Ben", "Huber"))).GetProperty("id").GetGuid();

            await api.DispatchedAsync();
            await approvals.WaitForAsync(1, "the approval");
            await registrations.WaitForAsync(2, "both registrations");
            await Eventually.Async(
                () => api.ScalarAsync<long>(
                    "SELECT count(*) FROM webhook_deliveries WHERE status = 'Pending' AND subscription_id IN (@a, @b)", ("a", approvalsId), ("b", everyEventId)),
                n => n == 0,
                "every delivery to be done");

            approvals.Requests.Select(r => (r.Json.Type(), r.Json.DataId())).ShouldBe([("delegate.approved", anna)]);
            registrations.Requests.Select(r => (r.Json.Type(), r.Json.DataId())).ShouldBe([("delegate.registered", anna), ("delegate.registered", ben)], ignoreOrder: true);
            (await api.DeliveriesAsync(approvalsId)).Count.ShouldBe(1);
        }
        finally
        {
            using var deleted = await secretariat.Http.DeleteAsync($"/api/v1/webhooks/{everyEventId}");
        }
    }
}
