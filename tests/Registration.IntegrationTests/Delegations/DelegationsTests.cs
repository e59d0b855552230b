using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Delegations;

public sealed class DelegationsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_delegation_creates_its_own_countrys_delegation_as_the_contract_describes_it()
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT" });

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/events/{eventId}/delegations/{id}");
        created.GetProperty("eventId").GetGuid().ShouldBe(eventId);
        created.GetProperty("country").GetString().ShouldBe("AUT");
        created.GetProperty("countryName").GetString().ShouldBe("Austria");
        created.GetProperty("delegateCount").GetInt32().ShouldBe(0);
        created.GetProperty("currentNoteVerbaleId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{id}")).ToString().ShouldBe(created.ToString());
    }

    [Fact]
    public async Task A_delegation_may_not_create_another_countrys_delegation_but_the_secretariat_may()
    {
        var eventId = await api.EventAsync();

        using var byDelegation = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "DEU" });
        using var bySecretariat = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "DEU" });

        await byDelegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await bySecretariat.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("countryName").GetString().ShouldBe("Germany");
    }

    [Fact]
    public async Task A_second_delegation_for_the_same_state_is_refused_even_when_both_race()
    {
        var eventId = await api.EventAsync();
        var attempts = Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await api.Client().AsDelegation("FRA").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "FRA" });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        });

        var results = await Task.WhenAll(attempts);

        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        results.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict && r.Body.Contains("\"delegation-exists\""));
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegations WHERE event_id = @e AND country = 'FRA'", ("e", eventId))).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_state_has_one_delegation_per_event_and_may_have_one_in_each_event()
    {
        var first = await api.EventAsync();
        var second = await api.EventAsync();

        await api.DelegationAsync(first, "ITA");
        await api.DelegationAsync(second, "ITA");
    }

    [Theory]
    [InlineData("aut")]
    [InlineData("XXX")]
    [InlineData("AT")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Unknown_or_malformed_country_codes_are_validation_failures(string? country)
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country });

        await response.ShouldBeValidationProblemAsync("country");
    }

    [Fact]
    public async Task Delegations_cannot_be_created_for_an_unknown_event_or_after_the_deadline()
    {
        var eventId = await api.EventAsync();
        using var unknown = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{Guid.CreateVersion7()}/delegations", new { country = "AUT" });
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 8, 21, 22, 0, 0, TimeSpan.Zero));

        using var late = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT" });

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        await late.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegations WHERE event_id = @e", ("e", eventId))).ShouldBe(0);
    }

    [Fact]
    public async Task The_secretariat_lists_every_delegation_by_country_and_a_delegation_only_its_own()
    {
        var eventId = await api.EventAsync();
        foreach (var country in new[] { "SWE", "AUT", "BRA", "JPN" })
        {
            await api.DelegationAsync(eventId, country);
        }

        var all = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations");
        var filtered = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations?country=BRA");
        var own = await api.Client().AsDelegation("JPN").GetJsonAsync($"/api/v1/events/{eventId}/delegations");
        var ownFilteringOthers = await api.Client().AsDelegation("JPN").GetJsonAsync($"/api/v1/events/{eventId}/delegations?country=SWE");

        Countries(all).ShouldBe(["AUT", "BRA", "JPN", "SWE"]);
        Countries(filtered).ShouldBe(["BRA"]);
        Countries(own).ShouldBe(["JPN"]);
        Countries(ownFilteringOthers).ShouldBe(["JPN"]);
    }

    [Fact]
    public async Task Delegations_are_paged_by_country_without_gaps_or_repeats()
    {
        var eventId = await api.EventAsync();
        var countries = new[] { "ARG", "BEL", "CAN", "DNK", "EGY", "FIN", "GHA", "HUN", "IND", "JOR", "KEN" };
        foreach (var country in countries)
        {
            await api.DelegationAsync(eventId, country);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations?limit=4{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(Countries(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        seen.ShouldBe(countries);
    }

    [Fact]
    public async Task Another_countrys_delegation_is_not_found_for_a_delegation_and_found_for_the_secretariat()
    {
        var eventId = await api.EventAsync();
        var austria = await api.DelegationAsync(eventId, "AUT");

        using var asGermany = await api.Client().AsDelegation("DEU").GetAsync($"/api/v1/events/{eventId}/delegations/{austria}");
        using var anonymous = await api.Client().Anonymous().GetAsync($"/api/v1/events/{eventId}/delegations/{austria}");
        using var unknown = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegations/{Guid.CreateVersion7()}");
        using var wrongEvent = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{await api.EventAsync()}/delegations/{austria}");
        using var listAnonymous = await api.Client().Anonymous().GetAsync($"/api/v1/events/{eventId}/delegations");

        await asGermany.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await wrongEvent.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await listAnonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations/{austria}")).GetProperty("country").GetString().ShouldBe("AUT");
    }

    [Fact]
    public async Task The_delegate_count_counts_active_delegates_only()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "NOR");
        var kept = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Kari", "Nordmann"));
        var withdrawn = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ola", "Nordmann"));
        var rejected = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Per", "Hansen"));
        using var withdraw = await api.Client().AsDelegation("NOR").PostAsync($"/api/v1/events/{eventId}/delegates/{withdrawn.GetProperty("id").GetGuid()}/withdraw", new { });
        await withdraw.ShouldHaveAsync(HttpStatusCode.OK);
        await api.SetStatusInDatabaseAsync(rejected.GetProperty("id").GetGuid(), "Rejected");
        await api.SetStatusInDatabaseAsync(kept.GetProperty("id").GetGuid(), "Approved");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Liv", "Berg"));

        var delegation = await api.Client().AsDelegation("NOR").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}");
        var listed = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations?country=NOR");

        delegation.GetProperty("delegateCount").GetInt32().ShouldBe(2);
        listed.GetProperty("items")[0].GetProperty("delegateCount").GetInt32().ShouldBe(2);
    }

    private static List<string> Countries(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("country").GetString()!)];

    [Fact]
    public async Task The_focal_points_address_is_given_at_creation_changed_by_the_delegation_and_removed_with_null()
    {
        var eventId = await api.EventAsync();
        using (var invalid = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT", focalPointEmail = "not an address" }))
        {
            (await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed")).GetProperty("errors").TryGetProperty("focalPointEmail", out _).ShouldBeTrue();
        }

        using var created = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT", focalPointEmail = " registration@mission.example.gv.at " });
        var delegation = await created.ShouldHaveAsync(HttpStatusCode.Created);
        delegation.GetProperty("focalPointEmail").GetString().ShouldBe("registration@mission.example.gv.at");
        var path = $"/api/v1/events/{eventId}/delegations/{delegation.GetProperty("id").GetGuid()}";

        using (var changed = await api.Client().AsDelegation("AUT").PatchAsync(path, new { focalPointEmail = "focal.point@mission.example.gv.at" }))
        {
            (await changed.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("focalPointEmail").GetString().ShouldBe("focal.point@mission.example.gv.at");
        }

        using (var nothing = await api.Client().AsDelegation("AUT").PatchAsync(path, new { }))
        {
            await nothing.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        }

        using (var otherCountry = await api.Client().AsDelegation("DEU").PatchAsync(path, new { focalPointEmail = "x@example.de" }))
        {
            await otherCountry.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        }

        using (var removed = await api.Client().AsSecretariat().PatchAsync(path, new { focalPointEmail = (string?)null }))
        {
            (await removed.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("focalPointEmail").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        (await api.Client().AsDelegation("AUT").GetJsonAsync(path)).GetProperty("focalPointEmail").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
