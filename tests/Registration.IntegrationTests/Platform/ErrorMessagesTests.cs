using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>What a person reads in a problem: the field and what it allows, and for bare statuses what to do.</summary>
public sealed class ErrorMessagesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string[] Errors(JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task An_unknown_enum_value_names_the_field_and_its_values_together_with_every_other_broken_rule()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var body = Arrange.Delegate("Anna", "Berger").With("participationMode", "hybrid").With("title", "").With("email", "not-an-address");

        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", body);

        var problem = await response.ShouldBeValidationProblemAsync("participationMode", "title", "email");
        var message = Errors(problem, "participationMode").Single();
        message.ShouldContain("in-person");
        message.ShouldContain("online");
        message.ShouldContain("hybrid");
        problem.ToString().ShouldNotContain("System.");
        problem.ToString().ShouldNotContain("Registration.Api");
    }

    [Fact]
    public async Task An_unknown_value_in_a_list_of_enums_names_its_place()
    {
        var body = Requests.JointEvent("ENUM-LIST").With("participationModes", new JsonArray("in-person", "by-carrier-pigeon")).With("venue", " ");

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", body);

        var problem = await response.ShouldBeValidationProblemAsync("participationModes[1]", "venue");
        Errors(problem, "participationModes[1]").Single().ShouldContain("in-person, online");
    }

    [Fact]
    public async Task Malformed_json_is_still_a_validation_problem()
    {
        using var response = await api.Client().AsSecretariat().PostRawAsync("/api/v1/events", "{ \"code\": ");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    public static TheoryData<string, string, string?, int, string> BareStatuses => new()
    {
        { "GET", "/api/v1/events/00000000-0000-0000-0000-000000000000/summary", null, 401, "unauthenticated" },
        { "GET", "/api/v1/events/00000000-0000-0000-0000-000000000000/summary", "delegation", 403, "forbidden" },
        { "GET", "/api/v1/no-such-thing", null, 404, "not-found" },
        { "DELETE", "/api/v1/events", null, 405, "method-not-allowed" },
    };

    [Theory]
    [MemberData(nameof(BareStatuses))]
    public async Task A_bare_status_from_the_framework_says_what_was_wrong_and_what_to_do(string method, string path, string? role, int status, string code)
    {
        var client = role is null ? api.Client().Anonymous() : api.Client().AsDelegation("AUT");

        using var response = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var problem = await response.ShouldBeProblemAsync((HttpStatusCode)status, code);
        var title = problem.GetProperty("title").GetString()!;
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldNotBe(title);
        detail.Length.ShouldBeGreaterThan(title.Length);
        title.ShouldEndWith(".");
    }

    [Fact]
    public async Task Every_answer_names_its_correlation_id_and_a_problem_carries_the_same_one()
    {
        using var ok = await api.Client().GetAsync("/api/v1/events");
        using var missing = await api.Client().GetAsync($"/api/v1/events/{Guid.CreateVersion7()}");

        ok.Headers.GetValues("X-Correlation-Id").Single().ShouldNotBeNullOrWhiteSpace();
        var problem = await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        missing.Headers.GetValues("X-Correlation-Id").Single().ShouldBe(problem.GetProperty("traceId").GetString());
        ok.Headers.GetValues("X-Correlation-Id").Single().ShouldNotBe(missing.Headers.GetValues("X-Correlation-Id").Single());
    }
}
