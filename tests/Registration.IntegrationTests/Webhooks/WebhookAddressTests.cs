using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Webhooks;

/// <summary>
/// Server-side request forgery, with the rules that hold outside Development (https only, public addresses only), which
/// this class turns on: refused when the URL is registered, and refused again when a delivery connects.
/// </summary>
public sealed class WebhookAddressTests(WebhookAddressTests.ProductionRules api) : IClassFixture<WebhookAddressTests.ProductionRules>
{
    public sealed class ProductionRules : JobServerApi
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Webhooks:RequireHttps"] = "true",
            ["Webhooks:AllowPrivateAddresses"] = "false",
        };
    }

    [Theory]
    [InlineData("http://93.184.216.34/hooks")] // plain http
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://127.8.9.10:8443/hooks")]
    [InlineData("https://2130706433/hooks")] // 127.0.0.1 written as one number
    [InlineData("https://localhost/hooks")]
    [InlineData("https://webhooks.localhost/hooks")]
    [InlineData("https://10.0.0.5/hooks")]
    [InlineData("https://172.16.3.4/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://100.64.0.1/hooks")] // carrier-grade NAT
    [InlineData("https://169.254.169.254/latest/meta-data/")] // link-local: cloud metadata
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[fd12:3456::1]/hooks")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks")] // IPv4 inside IPv6
    public async Task A_url_that_is_not_public_https_is_refused(string url)
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/webhooks", new { url, types = new[] { "delegate.registered" } });
        await response.ShouldBeValidationProblemAsync("url");
    }

    [Theory]
    [InlineData("https://93.184.216.34/hooks")]
    [InlineData("https://[2606:4700:4700::1111]/hooks")]
    public async Task A_public_https_address_is_accepted(string url)
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/webhooks", new { url, types = new[] { "delegate.registered" }, eventId = await api.EventAsync() });
        await response.ShouldHaveAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_delivery_checks_the_address_again_and_does_not_connect_to_a_private_one()
    {
        // A subscription whose host now resolves to this machine (as a name re-pointed after registration would): stored
        // directly, since registration refuses it.
        await using var receiver = await WebhookReceiver.StartAsync();
        var eventId = await api.EventAsync();
        var webhookId = Guid.CreateVersion7();
        await api.ScalarAsync<int>(
            """
            INSERT INTO webhook_subscriptions (id, url, types, event_id, secret, status, created_by, created_at)
            VALUES (@id, @url, ARRAY['delegate.registered'], @event, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'Active', 'secretariat-officer', now())
            RETURNING 1
            """,
            ("id", webhookId), ("url", receiver.Url.ToString()), ("event", eventId));

        var aut = await api.DelegationAsync(eventId, "AUT");
        await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger"));
        var delivery = (await Eventually.Async(
            () => api.DeliveriesAsync(webhookId),
            d => d.Count == 1 && d[0].GetProperty("attempts").GetArrayLength() == 1,
            "the attempt to be logged"))[0];

        var attempt = delivery.GetProperty("attempts")[0];
        attempt.GetProperty("outcome").GetString().ShouldBe("failed");
        attempt.GetProperty("responseStatus").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        attempt.GetProperty("error").GetString().ShouldBe("Refused to connect: 127.0.0.1 is not a public address.");
        receiver.Requests.ShouldBeEmpty();
    }
}
