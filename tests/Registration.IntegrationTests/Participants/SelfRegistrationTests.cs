using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Participants;

/// <summary>A person registers themselves: with the address their identity provider verified, in their State's delegation.</summary>
public sealed class SelfRegistrationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string Path(Guid eventId) => $"/api/v1/events/{eventId}/registrations";

    private static string NewAddress() => $"{Guid.NewGuid():N}@example.org";

    private Task<long> CountAsync(string sql, Guid eventId) => api.ScalarAsync<long>(sql, ("e", eventId));

    [Fact]
    public async Task A_participant_registers_in_a_delegation_created_on_first_use_with_the_tokens_address()
    {
        var eventId = await api.EventAsync();
        var body = Arrange.Self("Anna", "Berger", "AUT");
        body["meetings"] = new JsonArray("IRG-14R");
        body["role"] = "adviser";

        using var response = await api.Client().AsParticipant("Anna.Berger@example.org", "idp|anna").PostAsync(Path(eventId), body);

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/events/{eventId}/delegates/{id}");
        response.Headers.ETag.ShouldNotBeNull();
        created.GetProperty("email").GetString().ShouldBe("Anna.Berger@example.org");
        created.GetProperty("country").GetString().ShouldBe("AUT");
        created.GetProperty("givenName").GetString().ShouldBe("Anna");
        created.GetProperty("meetings").EnumerateArray().Select(m => m.GetString()).ShouldBe(["IRG-14R"]);
        created.GetProperty("role").GetString().ShouldBe("adviser");
        created.GetProperty("status").GetString().ShouldBe("pending");
        created.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("missing");

        var delegationId = created.GetProperty("delegationId").GetGuid();
        var delegation = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}");
        delegation.GetProperty("country").GetString().ShouldBe("AUT");
        delegation.GetProperty("delegateCount").GetInt32().ShouldBe(1);
        (await api.ScalarAsync<string>("SELECT participant_subject FROM delegates WHERE id = @id", ("id", id))).ShouldBe("idp|anna");
        (await api.ScalarAsync<string>("SELECT created_by FROM delegations WHERE id = @id", ("id", delegationId))).ShouldBe("idp|anna");

        using var read = await api.Client().AsParticipant("Anna.Berger@example.org", "idp|anna").GetAsync(response.Headers.Location!.ToString());
        (await read.ShouldHaveAsync(HttpStatusCode.OK)).ToString().ShouldBe(created.ToString());
        read.Headers.ETag!.Tag.ShouldBe(response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_participant_joins_the_existing_delegation_and_is_checked_against_its_note_verbale()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER, Counsellor"), "AUT")).GetProperty("id").GetGuid();

        var created = await api.SelfRegisteredAsync(eventId, NewAddress());

        created.GetProperty("delegationId").GetGuid().ShouldBe(delegationId);
        created.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
        created.GetProperty("noteVerbale").GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
        (await CountAsync("SELECT count(*) FROM delegations WHERE event_id = @e", eventId)).ShouldBe(1);
        var delegates = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates");
        delegates.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid().ShouldBe(created.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_body_may_name_the_tokens_address_in_any_case_but_no_other()
    {
        var eventId = await api.EventAsync();
        var client = api.Client().AsParticipant("anna@example.org");

        using var other = await client.PostAsync(Path(eventId), Arrange.Self("Anna", "Berger").With("email", "ben@example.org"));
        using var same = await client.PostAsync(Path(eventId), Arrange.Self("Anna", "Berger").With("email", "ANNA@Example.ORG"));

        await other.ShouldBeValidationProblemAsync("email");
        (await same.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("email").GetString().ShouldBe("anna@example.org");
        (await CountAsync("SELECT count(*) FROM delegates WHERE event_id = @e", eventId)).ShouldBe(1);
    }

    public static TheoryData<string, JsonNode?, string> BrokenRules => new()
    {
        { "country", null, "country" },
        { "country", "XYZ", "country" },
        { "country", "aut", "country" },
        { "givenName", "", "givenName" },
        { "participationMode", null, "participationMode" },
        { "meetings", new JsonArray("EMIC-13"), "meetings" },
        { "email", "anna@localhost", "email" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_broken_rule_is_a_validation_failure_naming_its_field_and_nothing_is_stored(string member, JsonNode? value, string field)
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsParticipant("anna@localhost.example.org").PostAsync(Path(eventId), Arrange.Self("Anna", "Berger").With(member, value));

        await response.ShouldBeValidationProblemAsync(field);
        (await CountAsync("SELECT count(*) FROM delegates WHERE event_id = @e", eventId)).ShouldBe(0);
        (await CountAsync("SELECT count(*) FROM delegations WHERE event_id = @e", eventId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_state_the_event_does_not_admit_is_refused_naming_country_and_no_delegation_is_created()
    {
        var eventId = await api.EventAsync(change: e => e.With("eligibleCountries", new JsonArray("DEU")));

        using var refused = await api.Client().AsParticipant(NewAddress()).PostAsync(Path(eventId), Arrange.Self("Anna", "Berger", "AUT"));
        var admitted = await api.SelfRegisteredAsync(eventId, NewAddress(), Arrange.Self("Jan", "Schmidt", "DEU"));

        await refused.ShouldBeValidationProblemAsync("country");
        admitted.GetProperty("country").GetString().ShouldBe("DEU");
        (await CountAsync("SELECT count(*) FROM delegations WHERE event_id = @e AND country = 'AUT'", eventId)).ShouldBe(0);
    }

    [Fact]
    public async Task After_the_deadline_registration_is_closed_and_an_unknown_event_is_404()
    {
        var eventId = await api.EventAsync();
        var client = api.Client().AsParticipant(NewAddress());

        using var unknown = await client.PostAsync(Path(Guid.NewGuid()), Arrange.Self("Anna", "Berger"));
        using (api.Clock.At(new DateTimeOffset(2023, 8, 21, 21, 59, 59, TimeSpan.Zero)))
        {
            using var closed = await client.PostAsync(Path(eventId), Arrange.Self("Anna", "Berger"));
            await closed.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        }

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        (await CountAsync("SELECT count(*) FROM delegations WHERE event_id = @e", eventId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_second_active_registration_of_the_same_person_is_already_registered_until_the_first_is_withdrawn()
    {
        var eventId = await api.EventAsync();
        var client = api.Client().AsParticipant("anna@example.org", "idp|anna");
        var first = await api.SelfRegisteredAsync(eventId, "anna@example.org", subject: "idp|anna");

        using var again = await client.PostAsync(Path(eventId), Arrange.Self("Anna", "Berger", "DEU"));
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already-registered");

        using var withdrawn = await client.PostAsync($"/api/v1/events/{eventId}/delegates/{first.GetProperty("id").GetGuid()}/withdraw", new { });
        await withdrawn.ShouldHaveAsync(HttpStatusCode.OK);
        using var anew = await client.PostAsync(Path(eventId), Arrange.Self("Anna", "Berger", "DEU"));
        (await anew.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("country").GetString().ShouldBe("DEU");

        var otherEvent = await api.EventAsync();
        await api.SelfRegisteredAsync(otherEvent, "anna@example.org", subject: "idp|anna");
    }

    [Fact]
    public async Task The_same_address_under_another_subject_is_already_registered_while_a_delegation_registering_it_stays_email_taken()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", "anna@example.org"));
        await api.SelfRegisteredAsync(eventId, "ben@example.org", Arrange.Self("Ben", "Novak"), subject: "idp|ben");

        using var sameAddress = await api.Client().AsParticipant("ANNA@example.org", "idp|anna-again").PostAsync(Path(eventId), Arrange.Self("Anna", "Berger"));
        using var byDelegation = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Ben", "Novak", "ben@example.org"));

        await sameAddress.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already-registered");
        await byDelegation.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
    }
}
