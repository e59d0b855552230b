using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Events;

public sealed class UpdateEventTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<Guid> CreateAsync(string code)
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", Requests.JointEvent(code));
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task The_secretariat_changes_title_and_venue_and_leaves_the_rest_alone()
    {
        var id = await CreateAsync("PATCH-TITLE");

        using var response = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{id}", new { title = "Joint meetings (resumed)", venue = "Conference Room 3" });

        var updated = await response.ShouldHaveAsync(HttpStatusCode.OK);
        updated.GetProperty("title").GetString().ShouldBe("Joint meetings (resumed)");
        updated.GetProperty("venue").GetString().ShouldBe("Conference Room 3");
        updated.GetProperty("registrationDeadline").GetString().ShouldBe("2023-08-21T23:59:59+02:00");
        updated.GetProperty("statementDeadline").GetString().ShouldBe("2023-08-28T23:59:59+02:00");
        (await api.Client().GetJsonAsync($"/api/v1/events/{id}")).GetProperty("title").GetString().ShouldBe("Joint meetings (resumed)");
    }

    [Fact]
    public async Task Moving_the_deadline_into_the_future_reopens_a_closed_registration_and_moving_it_back_closes_it()
    {
        var id = await CreateAsync("PATCH-REOPEN");
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 8, 22, 8, 0, 0, TimeSpan.Zero));
        (await api.Client().GetJsonAsync($"/api/v1/events/{id}")).GetProperty("registrationStatus").GetString().ShouldBe("closed");

        using var extended = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{id}", new { registrationDeadline = "2023-08-25" });
        var reopened = await extended.ShouldHaveAsync(HttpStatusCode.OK);
        reopened.GetProperty("registrationStatus").GetString().ShouldBe("open");
        reopened.GetProperty("registrationDeadline").GetString().ShouldBe("2023-08-25T23:59:59+02:00");

        using var shortened = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{id}", new { registrationDeadline = "2023-08-22T09:00:00+02:00" });
        (await shortened.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("registrationStatus").GetString().ShouldBe("closed");
    }

    [Fact]
    public async Task A_statement_deadline_set_to_null_is_removed()
    {
        var id = await CreateAsync("PATCH-STATEMENT");

        using var response = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{id}", new { statementDeadline = (string?)null });

        (await response.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("statementDeadline").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"registrationDeadline":"2023-09-05"}""", "registrationDeadline")]
    [InlineData("""{"registrationDeadline":null}""", "registrationDeadline")]
    [InlineData("""{"registrationDeadline":"2023-08-25T12:00:00"}""", "registrationDeadline")]
    [InlineData("""{"statementDeadline":"2023-09-10"}""", "statementDeadline")]
    [InlineData("""{"title":""}""", "title")]
    [InlineData("""{"venue":null}""", "venue")]
    [InlineData("""{}""", "body")]
    public async Task A_broken_rule_in_an_update_is_a_validation_failure_and_changes_nothing(string body, string field)
    {
        var id = await CreateAsync($"PATCH-BAD-{Random.Shared.Next():X8}");
        var before = await api.Client().GetJsonAsync($"/api/v1/events/{id}");

        using var response = await api.Client().AsSecretariat().Http.PatchAsync(
            $"/api/v1/events/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeValidationProblemAsync(field);
        (await api.Client().GetJsonAsync($"/api/v1/events/{id}")).ToString().ShouldBe(before.ToString());
    }

    [Fact]
    public async Task Only_the_secretariat_updates_and_an_unknown_event_is_not_found()
    {
        var id = await CreateAsync("PATCH-ROLES");

        using var anonymous = await api.Client().Anonymous().PatchAsync($"/api/v1/events/{id}", new { title = "x" });
        using var delegation = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{id}", new { title = "x" });
        using var unknown = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{Guid.CreateVersion7()}", new { title = "x" });

        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        (await api.Client().GetJsonAsync($"/api/v1/events/{id}")).GetProperty("title").GetString().ShouldBe("Joint meetings of EMIC, IRG and WGAR");
    }
}
