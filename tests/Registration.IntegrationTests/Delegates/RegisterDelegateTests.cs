using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Delegates;

public sealed class RegisterDelegateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(Guid EventId, Guid DelegationId)> DelegationAsync(string country = "AUT", Func<JsonObject, JsonObject>? eventChange = null)
    {
        var eventId = await api.EventAsync(change: eventChange);
        return (eventId, await api.DelegationAsync(eventId, country));
    }

    [Fact]
    public async Task A_delegation_registers_a_delegate_who_starts_pending_with_every_contract_field()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var body = new JsonObject
        {
            ["title"] = "Ms.",
            ["givenName"] = "Anna",
            ["familyName"] = "Berger",
            ["jobTitle"] = "Counsellor",
            ["email"] = "anna.berger@example.gv.at",
            ["participationMode"] = "in-person",
            ["meetings"] = new JsonArray("EMIC-12", "IRG-14R"),
            ["role"] = "head",
        };

        using var response = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", body);

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/events/{eventId}/delegates/{id}");
        response.Headers.ETag.ShouldNotBeNull();
        created.GetProperty("delegationId").GetGuid().ShouldBe(delegationId);
        created.GetProperty("eventId").GetGuid().ShouldBe(eventId);
        created.GetProperty("country").GetString().ShouldBe("AUT");
        created.GetProperty("title").GetString().ShouldBe("Ms.");
        created.GetProperty("givenName").GetString().ShouldBe("Anna");
        created.GetProperty("familyName").GetString().ShouldBe("Berger");
        created.GetProperty("jobTitle").GetString().ShouldBe("Counsellor");
        created.GetProperty("email").GetString().ShouldBe("anna.berger@example.gv.at");
        created.GetProperty("participationMode").GetString().ShouldBe("in-person");
        created.GetProperty("meetings").EnumerateArray().Select(m => m.GetString()).ShouldBe(["EMIC-12", "IRG-14R"]);
        created.GetProperty("role").GetString().ShouldBe("head");
        created.GetProperty("status").GetString().ShouldBe("pending");
        created.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("missing");
        created.GetProperty("noteVerbale").GetProperty("noteVerbaleId").ValueKind.ShouldBe(JsonValueKind.Null);
        created.GetProperty("decision").ValueKind.ShouldBe(JsonValueKind.Null);
        created.GetProperty("createdAt").GetString().ShouldNotBeNull();
        created.GetProperty("updatedAt").GetString().ShouldNotBeNull();

        using var read = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/delegates/{id}");
        (await read.ShouldHaveAsync(HttpStatusCode.OK)).ToString().ShouldBe(created.ToString());
        read.Headers.ETag!.Tag.ShouldBe(response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Meetings_default_to_all_of_the_events_meetings()
    {
        var (eventId, delegationId) = await DelegationAsync();

        var created = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Jan", "Novak"));

        created.GetProperty("meetings").EnumerateArray().Select(m => m.GetString()).ShouldBe(["EMIC-12", "IRG-14R", "WGAR-17"]);
        created.GetProperty("role").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("Jürgen-Ðorđe", "Müller-Lüdenscheid", "Latin with diacritics")]
    [InlineData("Анна", "Берёзкина", "Cyrillic")]
    [InlineData("محمد", "عبد الله", "Arabic")]
    [InlineData("伟", "王", "Chinese")]
    public async Task Names_in_any_script_round_trip_unchanged(string givenName, string familyName, string script)
    {
        var (eventId, delegationId) = await DelegationAsync();

        var created = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate($"  {givenName} ", familyName));
        var id = created.GetProperty("id").GetGuid();
        var read = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates/{id}");

        read.GetProperty("givenName").GetString().ShouldBe(givenName, script);
        read.GetProperty("familyName").GetString().ShouldBe(familyName, script);
        (await api.ScalarAsync<string>("SELECT given_name || '|' || family_name FROM delegates WHERE id = @id", ("id", id)))
            .ShouldBe($"{givenName}|{familyName}", script);
    }

    public static TheoryData<string, JsonNode?, string> BrokenRules => new()
    {
        { "title", null, "title" },
        { "title", "   ", "title" },
        { "title", new string('t', 51), "title" },
        { "givenName", "", "givenName" },
        { "givenName", new string('g', 101), "givenName" },
        { "familyName", null, "familyName" },
        { "jobTitle", new string('j', 201), "jobTitle" },
        { "email", null, "email" },
        { "email", "anna.berger", "email" },
        { "email", "anna berger@example.gv.at", "email" },
        { "email", "anna@localhost", "email" },
        { "email", "anna@example.gv.at, ben@example.gv.at", "email" },
        { "participationMode", null, "participationMode" },
        { "meetings", new JsonArray("EMIC-12", "EMIC-12"), "meetings" },
        { "meetings", new JsonArray("EMIC-13"), "meetings" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_broken_rule_is_a_validation_failure_naming_its_field_and_nothing_is_stored(string member, JsonNode? value, string field)
    {
        var (eventId, delegationId) = await DelegationAsync();

        using var response = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger").With(member, value));

        await response.ShouldBeValidationProblemAsync(field);
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e", ("e", eventId))).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_participation_mode_is_a_validation_failure_naming_the_field()
    {
        var (eventId, delegationId) = await DelegationAsync();

        using var response = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", mode: "hybrid"));

        await response.ShouldBeValidationProblemAsync("participationMode");
    }

    [Fact]
    public async Task A_mode_the_event_does_not_offer_is_a_validation_failure()
    {
        var (eventId, delegationId) = await DelegationAsync(eventChange: e => e.With("participationModes", new JsonArray("in-person")));

        using var response = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", mode: "online"));

        await response.ShouldBeValidationProblemAsync("participationMode");
    }

    [Fact]
    public async Task An_email_address_belongs_to_one_active_delegate_per_event_compared_without_case()
    {
        var (eventId, austria) = await DelegationAsync("AUT");
        var germany = await api.DelegationAsync(eventId, "DEU");
        var first = await api.DelegateAsync(eventId, austria, Arrange.Delegate("Anna", "Berger", "Anna.Berger@Example.gv.at"));

        using var sameCountry = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{austria}/delegates", Arrange.Delegate("Anna", "Berger", " anna.berger@example.GV.AT "));
        using var otherCountry = await api.Client().AsDelegation("DEU").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{germany}/delegates", Arrange.Delegate("Anna", "Berger", "anna.berger@example.gv.at"));

        await sameCountry.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
        await otherCountry.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");

        using var withdraw = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegates/{first.GetProperty("id").GetGuid()}/withdraw", new { });
        await withdraw.ShouldHaveAsync(HttpStatusCode.OK);
        using var again = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{austria}/delegates", Arrange.Delegate("Anna", "Berger", "anna.berger@example.gv.at"));
        await again.ShouldHaveAsync(HttpStatusCode.Created);

        var otherEvent = await api.EventAsync();
        await api.DelegateAsync(otherEvent, await api.DelegationAsync(otherEvent, "AUT"), Arrange.Delegate("Anna", "Berger", "anna.berger@example.gv.at"));
    }

    [Fact]
    public async Task Two_concurrent_registrations_with_one_email_address_store_exactly_one_delegate()
    {
        var (eventId, austria) = await DelegationAsync("AUT");
        var germany = await api.DelegationAsync(eventId, "DEU");

        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            var (country, delegationId) = i % 2 == 0 ? ("AUT", austria) : ("DEU", germany);
            using var response = await api.Client().AsDelegation(country).PostAsync(
                $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Sam", $"Racer{i}", "same.person@example.org"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        });
        var results = await Task.WhenAll(attempts);

        results.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        results.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict && r.Body.Contains("\"email-taken\""));
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE normalized_email = 'same.person@example.org'")).ShouldBe(1);
    }

    [Fact]
    public async Task Registering_after_the_deadline_is_refused_and_stores_nothing()
    {
        var (eventId, delegationId) = await DelegationAsync();
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 8, 21, 21, 59, 59, TimeSpan.Zero));

        using var response = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Late", "Comer"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e", ("e", eventId))).ShouldBe(0);
    }

    [Fact]
    public async Task Another_countrys_delegation_cannot_be_used_and_looks_as_if_it_did_not_exist()
    {
        var (eventId, austria) = await DelegationAsync("AUT");

        using var asGermany = await api.Client().AsDelegation("DEU").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{austria}/delegates", Arrange.Delegate("Eve", "Intruder"));
        using var anonymous = await api.Client().Anonymous().PostAsync(
            $"/api/v1/events/{eventId}/delegations/{austria}/delegates", Arrange.Delegate("Eve", "Intruder"));
        using var unknownEvent = await api.Client().AsSecretariat().PostAsync(
            $"/api/v1/events/{Guid.CreateVersion7()}/delegations/{austria}/delegates", Arrange.Delegate("Eve", "Intruder"));

        await asGermany.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await unknownEvent.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE delegation_id = @d", ("d", austria))).ShouldBe(0);
    }
}
