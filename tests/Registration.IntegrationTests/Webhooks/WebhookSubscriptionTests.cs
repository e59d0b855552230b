using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Webhooks;

/// <summary>Registering, reading and removing webhook subscriptions (no deliveries: the job server is off here).</summary>
public sealed class WebhookSubscriptionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient secretariat = api.Client().AsSecretariat();

    [Fact]
    public async Task The_secretariat_subscribes_and_is_shown_the_secret_once()
    {
        var eventId = await api.EventAsync();
        using var created = await secretariat.PostAsync("/api/v1/webhooks", new
        {
            url = "https://conference-services.example.org/hooks",
            types = new[] { "delegate.approved", "registration.closed" },
            eventId,
            description = "Badge printing",
        });
        var body = await created.ShouldHaveAsync(HttpStatusCode.Created);
        var id = body.GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldEndWith($"/api/v1/webhooks/{id}");
        body.GetProperty("url").GetString().ShouldBe("https://conference-services.example.org/hooks");
        body.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ShouldBe(["delegate.approved", "registration.closed"]);
        body.GetProperty("eventId").GetGuid().ShouldBe(eventId);
        body.GetProperty("status").GetString().ShouldBe("active");
        body.GetProperty("createdBy").GetString().ShouldBe("secretariat-officer");
        body.GetProperty("failingSince").ValueKind.ShouldBe(JsonValueKind.Null);

        // Standard Webhooks: whsec_ and base64 of the key (32 random bytes), a new one each time.
        var secret = body.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBe(32);
        var (_, other) = await api.SubscribeAsync(new Uri("https://conference-services.example.org/hooks"), ["delegate.approved"], eventId);
        other.ShouldNotBe(secret);

        // Read again it is the same subscription, without the secret.
        var webhook = JsonNode.Parse(body.GetRawText())!.AsObject();
        webhook.Remove("secret");
        var read = await secretariat.GetJsonAsync($"/api/v1/webhooks/{id}");
        JsonNode.DeepEquals(JsonNode.Parse(read.GetRawText()), webhook).ShouldBeTrue(read.ToString());
        var listed = (await secretariat.GetJsonAsync("/api/v1/webhooks?limit=200")).GetProperty("items").EnumerateArray().ToList();
        listed.Single(w => w.GetProperty("id").GetGuid() == id).ShouldBeSameJsonAs(read);
        listed.Where(w => w.TryGetProperty("secret", out var _)).ShouldBeEmpty();
        (await secretariat.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries")).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_subscription_is_deleted_with_its_log_and_an_active_one_cannot_be_resumed()
    {
        var (id, _) = await api.SubscribeAsync(new Uri("https://conference-services.example.org/hooks"), ["delegate.registered"], null);

        using (var active = await secretariat.PostAsync($"/api/v1/webhooks/{id}/resume", new { }))
        {
            await active.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        }

        using (var deleted = await secretariat.Http.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            await deleted.ShouldHaveAsync(HttpStatusCode.NoContent);
        }

        using (var again = await secretariat.Http.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");
        }

        await secretariat.GetJsonAsync($"/api/v1/webhooks/{id}", HttpStatusCode.NotFound);
        await secretariat.GetJsonAsync($"/api/v1/webhooks/{id}/deliveries", HttpStatusCode.NotFound);
        using var replay = await secretariat.PostAsync($"/api/v1/webhooks/{id}/deliveries/{Guid.NewGuid()}/replay", new { });
        await replay.ShouldBeProblemAsync(HttpStatusCode.NotFound, "webhook-not-found");
    }

    [Theory]
    [InlineData("""{ "url": "", "types": ["delegate.registered"] }""", "url")]
    [InlineData("""{ "url": "conference-services.example.org/hooks", "types": ["delegate.registered"] }""", "url")]
    [InlineData("""{ "url": "ftp://conference-services.example.org/hooks", "types": ["delegate.registered"] }""", "url")]
    [InlineData("""{ "url": "https://user:password@conference-services.example.org/hooks", "types": ["delegate.registered"] }""", "url")]
    [InlineData("""{ "url": "https://conference-services.example.org/hooks", "types": [] }""", "types")]
    [InlineData("""{ "url": "https://conference-services.example.org/hooks", "types": ["delegate.approved", "delegate.approved"] }""", "types")]
    [InlineData("""{ "url": "https://conference-services.example.org/hooks", "types": ["delegate.deleted"] }""", "types")]
    [InlineData("""{ "url": "https://conference-services.example.org/hooks", "types": ["delegate.registered"], "eventId": "0190f5a0-8c2e-7c6b-9a41-3f2d1c0b5e77" }""", "eventId")]
    public async Task A_subscription_that_cannot_work_is_refused_naming_the_field(string body, string field)
    {
        using var response = await secretariat.PostRawAsync("/api/v1/webhooks", body);
        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Webhooks_are_the_secretariats_alone()
    {
        var (id, _) = await api.SubscribeAsync(new Uri("https://conference-services.example.org/hooks"), ["delegate.registered"], null);
        foreach (var client in new[] { api.Client().AsDelegation("AUT"), api.Client().AsParticipant("anna@example.gv.at") })
        {
            using var create = await client.PostAsync("/api/v1/webhooks", new { url = "https://conference-services.example.org/hooks", types = new[] { "delegate.registered" } });
            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
            using var read = await client.GetAsync($"/api/v1/webhooks/{id}/deliveries");
            await read.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var anonymous = await api.Client().GetAsync("/api/v1/webhooks");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
