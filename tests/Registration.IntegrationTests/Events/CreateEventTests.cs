using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Events;

public sealed class CreateEventTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_secretariat_creates_a_joint_event_exactly_as_the_contract_describes_it()
    {
        var client = api.Client().AsSecretariat();

        using var response = await client.PostAsync("/api/v1/events", Requests.JointEvent("UNCAC-2023-09"));

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/events/{id}");
        created.GetProperty("code").GetString().ShouldBe("UNCAC-2023-09");
        created.GetProperty("timeZone").GetString().ShouldBe("Europe/Vienna");
        created.GetProperty("startDate").GetString().ShouldBe("2023-09-04");
        created.GetProperty("endDate").GetString().ShouldBe("2023-09-08");
        created.GetProperty("registrationDeadline").GetString().ShouldBe("2023-08-21T23:59:59+02:00");
        created.GetProperty("statementDeadline").GetString().ShouldBe("2023-08-28T23:59:59+02:00");
        created.GetProperty("participationModes").EnumerateArray().Select(m => m.GetString()).ShouldBe(["in-person", "online"]);
        created.GetProperty("meetings").EnumerateArray().Select(m => m.GetProperty("code").GetString()).ShouldBe(["EMIC-12", "IRG-14R", "WGAR-17"]);
        created.GetProperty("meetings")[0].GetProperty("reference").GetString().ShouldBe("CU 2023/227(A)/DTA/CEB/CSS");
        created.GetProperty("registrationStatus").GetString().ShouldBe("open");

        var read = await api.Client().Anonymous().GetJsonAsync($"/api/v1/events/{id}");
        read.ToString().ShouldBe(created.ToString());
    }

    [Fact]
    public async Task The_id_is_a_version_7_uuid()
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", Requests.JointEvent("UUID-VERSION"));
        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        created.GetProperty("id").GetGuid().Version.ShouldBe(7);
    }

    [Fact]
    public async Task A_deadline_given_as_a_date_means_the_end_of_that_day_in_the_event_time_zone()
    {
        var body = Requests.JointEvent("DATE-DEADLINE").With("registrationDeadline", "2023-08-21").With("statementDeadline", null);

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        created.GetProperty("registrationDeadline").GetString().ShouldBe("2023-08-21T23:59:59+02:00");
        created.GetProperty("statementDeadline").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    // In Nuuk the clocks jump from 22:59:59 (-02:00) on Saturday 27 March 2027 to midnight (-01:00): 23:59:59 never happens.
    [Theory]
    [InlineData("America/Nuuk")]
    [InlineData("America/Scoresbysund")]
    public async Task A_deadline_date_whose_last_hour_is_skipped_ends_just_before_the_jump(string zone)
    {
        var body = Requests.JointEvent($"GAP-{Random.Shared.Next():X8}").With("timeZone", zone)
            .With("startDate", "2027-03-28").With("endDate", "2027-03-30")
            .With("registrationDeadline", "2027-03-27").With("statementDeadline", null);

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        created.GetProperty("registrationDeadline").GetString().ShouldBe("2027-03-27T22:59:59-02:00");
    }

    [Fact]
    public async Task A_deadline_date_on_a_day_whose_last_hour_repeats_ends_at_the_second_23_59_59()
    {
        var body = Requests.JointEvent("SANTIAGO-2027").With("timeZone", "America/Santiago")
            .With("startDate", "2027-04-05").With("endDate", "2027-04-06")
            .With("registrationDeadline", "2027-04-03").With("statementDeadline", null);

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("registrationDeadline").GetString()
            .ShouldBe("2027-04-03T23:59:59-04:00");
    }

    [Fact]
    public async Task A_deadline_in_another_offset_is_shown_in_the_event_time_zone()
    {
        var body = Requests.JointEvent("UTC-DEADLINE").With("registrationDeadline", "2023-08-21T10:00:00Z");

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("registrationDeadline").GetString()
            .ShouldBe("2023-08-21T12:00:00+02:00");
    }

    [Fact]
    public async Task An_event_created_after_its_deadline_is_closed_from_the_start()
    {
        var body = Requests.JointEvent("PAST-DEADLINE").With("registrationDeadline", "2023-07-01T00:00:00+02:00");

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("registrationStatus").GetString().ShouldBe("closed");
    }

    [Fact]
    public async Task A_second_event_with_the_same_code_is_refused_and_the_database_keeps_one()
    {
        var client = api.Client().AsSecretariat();
        using var first = await client.PostAsync("/api/v1/events", Requests.JointEvent("DUPLICATE-CODE"));
        await first.ShouldHaveAsync(HttpStatusCode.Created);

        using var second = await client.PostAsync("/api/v1/events", Requests.JointEvent("DUPLICATE-CODE").With("title", "Another"));

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, "event-code-taken");
        (await CountEventsAsync("DUPLICATE-CODE")).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_creations_with_one_code_store_exactly_one_event()
    {
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", Requests.JointEvent("RACE-CODE").With("title", $"Attempt {i}"));
            return response.StatusCode;
        });

        var statuses = await Task.WhenAll(attempts);

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Conflict).ShouldBe(5);
        (await CountEventsAsync("RACE-CODE")).ShouldBe(1);
    }

    public static TheoryData<string, JsonNode?, string> BrokenRules => new()
    {
        { "code", null, "code" },
        { "code", "uncac-2023-09", "code" },
        { "code", "UNCAC 2023", "code" },
        { "code", new string('A', 41), "code" },
        { "title", "  ", "title" },
        { "title", null, "title" },
        { "venue", "", "venue" },
        { "title", new string('t', 501), "title" },
        { "timeZone", "Mars/Olympus", "timeZone" },
        { "timeZone", "W. Europe Standard Time", "timeZone" },
        { "timeZone", null, "timeZone" },
        { "startDate", null, "startDate" },
        { "endDate", "2023-09-03", "endDate" },
        { "registrationDeadline", null, "registrationDeadline" },
        { "registrationDeadline", "2023-08-21T23:59:59", "registrationDeadline" },
        { "registrationDeadline", "21 August 2023", "registrationDeadline" },
        { "registrationDeadline", "2023-09-04T00:00:00+02:00", "registrationDeadline" },
        { "registrationDeadline", "2023-09-03T22:30:00Z", "registrationDeadline" },
        { "registrationDeadline", "2023-09-10", "registrationDeadline" },
        { "statementDeadline", "2023-09-09T00:00:00+02:00", "statementDeadline" },
        { "statementDeadline", "soon", "statementDeadline" },
        { "participationModes", new JsonArray(), "participationModes" },
        { "participationModes", new JsonArray("online", "online"), "participationModes" },
        { "meetings", new JsonArray(), "meetings" },
        { "meetings", null, "meetings" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Each_broken_rule_is_a_validation_failure_naming_its_field(string member, JsonNode? value, string field)
    {
        var code = $"BROKEN-{Random.Shared.Next():X8}";

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", Requests.JointEvent(code).With(member, value));

        await response.ShouldBeValidationProblemAsync(field);
        (await CountEventsAsync(code)).ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_participation_mode_is_a_validation_failure_naming_the_field()
    {
        var body = Requests.JointEvent("BAD-MODE").With("participationModes", new JsonArray("in-person", "hybrid"));

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        problem.GetProperty("errors").EnumerateObject().Single().Name.ShouldStartWith("participationModes");
    }

    [Fact]
    public async Task Meeting_codes_must_be_unique_within_the_event_and_well_formed()
    {
        var repeated = Requests.JointEvent("REPEATED-MEETING").With("meetings", new JsonArray(
            Requests.Meeting("EMIC-12", "One"), Requests.Meeting("EMIC-12", "Two")));
        var malformed = Requests.JointEvent("MALFORMED-MEETING").With("meetings", new JsonArray(
            Requests.Meeting("emic 12", "One"), Requests.Meeting("IRG-14R", "")));
        var client = api.Client().AsSecretariat();

        using var first = await client.PostAsync("/api/v1/events", repeated);
        using var second = await client.PostAsync("/api/v1/events", malformed);

        await first.ShouldBeValidationProblemAsync("meetings");
        await second.ShouldBeValidationProblemAsync("meetings[0].code", "meetings[1].title");
    }

    [Fact]
    public async Task All_broken_rules_are_reported_at_once()
    {
        var body = Requests.JointEvent("lower case").With("title", "").With("timeZone", "Nowhere/Land");

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        await response.ShouldBeValidationProblemAsync("code", "title", "timeZone");
    }

    [Fact]
    public async Task Only_the_secretariat_creates_events()
    {
        using var anonymous = await api.Client().Anonymous().PostAsync("/api/v1/events", Requests.JointEvent("ROLE-ANON"));
        using var delegation = await api.Client().AsDelegation("AUT").PostAsync("/api/v1/events", Requests.JointEvent("ROLE-DELEGATION"));

        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await CountEventsAsync("ROLE-ANON") + await CountEventsAsync("ROLE-DELEGATION")).ShouldBe(0);
    }

    private async Task<long> CountEventsAsync(string code)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM events WHERE code = @code", connection);
        command.Parameters.AddWithValue("code", code);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
