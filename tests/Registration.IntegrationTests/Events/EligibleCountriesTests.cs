using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Events;

/// <summary>An event may admit only some States: delegations (and participants) of others are refused naming <c>country</c>.</summary>
public sealed class EligibleCountriesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string[] Codes(JsonElement @event) =>
        [.. @event.GetProperty("eligibleCountries").EnumerateArray().Select(c => c.GetString()!)];

    [Fact]
    public async Task An_event_admits_every_state_unless_it_names_the_eligible_ones()
    {
        var open = await api.EventAsync();
        var restricted = await api.EventAsync(change: e => e.With("eligibleCountries", new JsonArray("AUT", "DEU", "EUE")));

        (await api.Client().GetJsonAsync($"/api/v1/events/{open}")).GetProperty("eligibleCountries").ValueKind.ShouldBe(JsonValueKind.Null);
        Codes(await api.Client().GetJsonAsync($"/api/v1/events/{restricted}")).ShouldBe(["AUT", "DEU", "EUE"]);
        (await api.Client().GetJsonAsync("/api/v1/events?limit=200")).GetProperty("items").EnumerateArray()
            .Single(e => e.GetProperty("id").GetGuid() == restricted).GetProperty("eligibleCountries").GetArrayLength().ShouldBe(3);
    }

    public static TheoryData<JsonNode?> BrokenLists => new()
    {
        new JsonArray(),
        new JsonArray("AUT", "XYZ"),
        new JsonArray("aut"),
        new JsonArray("AUT", "DEU", "AUT"),
        new JsonArray("AUT", null),
        "AUT",
    };

    [Theory]
    [MemberData(nameof(BrokenLists))]
    public async Task An_empty_list_an_unknown_or_repeated_code_is_a_validation_failure_on_create_and_on_change(JsonNode? eligible)
    {
        var code = $"ELIGIBLE-{Random.Shared.Next():X8}";
        var eventId = await api.EventAsync();

        using var created = await api.Client().AsSecretariat().PostAsync("/api/v1/events", Requests.JointEvent(code).With("eligibleCountries", eligible?.DeepClone()));
        using var changed = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new JsonObject { ["eligibleCountries"] = eligible?.DeepClone() });

        await created.ShouldBeValidationProblemAsync("eligibleCountries");
        await changed.ShouldBeValidationProblemAsync("eligibleCountries");
        (await api.ScalarAsync<long>("SELECT count(*) FROM events WHERE code = @code", ("code", code))).ShouldBe(0);
        (await api.Client().GetJsonAsync($"/api/v1/events/{eventId}")).GetProperty("eligibleCountries").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_delegation_of_a_state_the_event_does_not_admit_is_refused_naming_country_by_anyone()
    {
        var eventId = await api.EventAsync(change: e => e.With("eligibleCountries", new JsonArray("AUT")));

        using var bySecretariat = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "DEU" });
        using var byDelegation = await api.Client().AsDelegation("DEU").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "DEU" });
        using var admitted = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT" });

        await bySecretariat.ShouldBeValidationProblemAsync("country");
        await byDelegation.ShouldBeValidationProblemAsync("country");
        await admitted.ShouldHaveAsync(HttpStatusCode.Created);
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegations WHERE event_id = @e", ("e", eventId))).ShouldBe(1);
    }

    [Fact]
    public async Task The_secretariat_changes_the_list_and_null_admits_every_state_again_while_existing_delegations_stay()
    {
        var eventId = await api.EventAsync();
        var france = await api.DelegationAsync(eventId, "FRA");
        var secretariat = api.Client().AsSecretariat();

        using var restricted = await secretariat.PatchAsync($"/api/v1/events/{eventId}", new { eligibleCountries = new[] { "AUT" } });
        Codes(await restricted.ShouldHaveAsync(HttpStatusCode.OK)).ShouldBe(["AUT"]);
        using (var refused = await secretariat.PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "DEU" }))
        {
            await refused.ShouldBeValidationProblemAsync("country");
        }

        (await secretariat.GetJsonAsync($"/api/v1/events/{eventId}/delegations/{france}")).GetProperty("country").GetString().ShouldBe("FRA");

        using var reopened = await secretariat.PatchAsync($"/api/v1/events/{eventId}", new JsonObject { ["eligibleCountries"] = null });
        (await reopened.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("eligibleCountries").ValueKind.ShouldBe(JsonValueKind.Null);
        using var admitted = await secretariat.PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "DEU" });
        await admitted.ShouldHaveAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Changing_only_the_list_leaves_the_rest_of_the_event_alone()
    {
        var eventId = await api.EventAsync();
        var before = await api.Client().GetJsonAsync($"/api/v1/events/{eventId}");

        using var response = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { eligibleCountries = new[] { "AUT", "DEU" } });

        var after = await response.ShouldHaveAsync(HttpStatusCode.OK);
        foreach (var member in new[] { "title", "venue", "registrationDeadline", "statementDeadline", "meetings", "participationModes" })
        {
            after.GetProperty(member).ToString().ShouldBe(before.GetProperty(member).ToString(), member);
        }
    }
}
