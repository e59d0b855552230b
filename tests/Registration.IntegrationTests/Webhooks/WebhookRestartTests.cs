using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Webhooks;

/// <summary>The service stops in the middle of its deliveries; another instance on the same database makes every one.</summary>
public sealed class WebhookRestartTests : IAsyncLifetime
{
    private string database = "";

    public async Task InitializeAsync() => database = await TestDatabases.CreateAsync();

    public Task DisposeAsync() => TestDatabases.DropAsync(database);

    [Fact]
    public async Task Nothing_is_lost_when_the_service_stops_with_deliveries_under_way()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        Guid eventId;
        string secret;

        var first = new JobServerApi { SharedConnectionString = database };
        await first.InitializeAsync();
        try
        {
            eventId = await first.EventAsync();
            (_, secret) = await first.SubscribeAsync(receiver.Url, ["delegate.registered", "delegate.updated"], eventId);
            var aut = await first.DelegationAsync(eventId, "AUT");
            for (var i = 0; i < 8; i++)
            {
                await first.DelegateAsync(eventId, aut, Arrange.Delegate("Delegate", $"Number{i}"));
            }

            // Deliveries are under way (the receiver holds them), others wait for a worker or for the dispatcher.
            await receiver.WaitForAsync(1, "a delivery to be under way");
        }
        finally
        {
            await ((IAsyncDisposable)first).DisposeAsync();
        }

        receiver.Release();
        var changes = await first.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE event_id = @e", ("e", eventId));
        changes.ShouldBe(8);

        var second = new JobServerApi { SharedConnectionString = database };
        await second.InitializeAsync();
        try
        {
            // The new instance finds what the first left: changes not yet dispatched, deliveries due, attempts cut short.
            // An attempt the first had made and logged as failed comes due on the back-off: its clock moves on.
            await Eventually.Async(
                async () =>
                {
                    second.Clock.Advance(TimeSpan.FromMinutes(1));
                    await second.SendDueWebhooksAsync();
                    return await second.ScalarAsync<long>(
                        "SELECT count(*) FROM webhook_deliveries d JOIN outbox o ON o.id = d.change_id WHERE o.event_id = @e AND d.status = 'Succeeded'", ("e", eventId));
                },
                succeeded => succeeded == changes,
                "every change to be delivered");

            var ids = (await second.Client().AsSecretariat().ReadToEndAsync(eventId)).Items.Select(c => c.GetProperty("id").GetString()).ToList();
            var received = receiver.Requests.Where(r => r.AnsweredWith == (int)HttpStatusCode.NoContent).ToList();
            received.Select(r => r.Id).Distinct().ShouldBe(ids, ignoreOrder: true);
            received.ShouldAllBe(r => r.SignedWith(secret));
        }
        finally
        {
            await ((IAsyncDisposable)second).DisposeAsync();
        }
    }
}
