using System.Net;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>Every request with a list: null for the list or for one of its elements is a 400 naming it, never a 500.</summary>
public sealed class NullMembersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("meetings", "[null]")]
    [InlineData("meetings", "[{\"code\": \"A-1\", \"title\": \"A\"}, null]")]
    [InlineData("meetings", "null")]
    [InlineData("participationModes", "null")]
    [InlineData("participationModes", "[null]")]
    public async Task Creating_an_event_with_a_null_list_or_element_is_a_400(string member, string json)
    {
        var body = Requests.JointEvent($"NULLS-{Random.Shared.Next():X8}").With(member, JsonNode.Parse(json));

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        await ShouldNameAsync(response, member);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[null]")]
    public async Task Bulk_approval_with_null_ids_is_a_400(string json)
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsSecretariat().PostRawAsync($"/api/v1/events/{eventId}/delegates/bulk-approve", $"{{\"delegateIds\": {json}}}");

        await ShouldNameAsync(response, "delegateIds");
    }

    [Theory]
    [InlineData("[null]")]
    [InlineData("[\"EMIC-12\", null]")]
    public async Task A_delegate_with_a_null_meeting_is_a_400_when_registered_or_changed(string json)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var register = Arrange.Delegate("Anna", "Berger").With("meetings", JsonNode.Parse(json));
        var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Novak"))).GetProperty("id").GetGuid();

        using var registered = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", register);
        using var changed = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}/delegates/{delegateId}", new JsonObject { ["meetings"] = JsonNode.Parse(json) });

        await ShouldNameAsync(registered, "meetings");
        await ShouldNameAsync(changed, "meetings");
    }

    [Fact]
    public async Task A_delegate_may_still_leave_meetings_null_meaning_all()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");

        var created = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger").With("meetings", null));

        created.GetProperty("meetings").GetArrayLength().ShouldBe(3);
        (await api.Client().AsSecretariat().PostRawAsync($"/api/v1/events/{eventId}/delegates/bulk-approve", "{\"delegateIds\": []}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>A 400 validation problem naming the member or one of its elements (<c>meetings</c>, <c>delegateIds[0]</c>).</summary>
    private static async Task ShouldNameAsync(HttpResponseMessage response, string member)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        problem.GetProperty("errors").EnumerateObject().ShouldContain(e => e.Name == member || e.Name.StartsWith(member + "[", StringComparison.Ordinal), problem.ToString());
    }
}
