using System.Net;
using Registration.Api.Platform.Auth;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

public sealed class ErrorsAndAuthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("{\"code\": \"X\", ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"startDate\": \"4 September\"}")]
    public async Task Malformed_json_is_a_400_problem_never_a_500(string body)
    {
        using var response = await api.Client().AsSecretariat().PostRawAsync("/api/v1/events", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task A_wrongly_typed_member_is_named_in_the_errors()
    {
        var body = Requests.JointEvent("TYPED").With("startDate", "4 September 2023").ToJsonString();

        using var response = await api.Client().AsSecretariat().PostRawAsync("/api/v1/events", body);

        await response.ShouldBeValidationProblemAsync("startDate");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await api.Client().Anonymous().GetAsync("/api/v1/nothing-here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_is_a_405_problem()
    {
        using var response = await api.Client().AsSecretariat().Http.DeleteAsync("/api/v1/events");

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task A_route_with_an_id_that_is_not_a_uuid_is_a_404_problem()
    {
        using var response = await api.Client().Anonymous().GetAsync("/api/v1/events/not-a-uuid");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var client = api.Client();
        var forged = DevelopmentTokens.Mint(
            new AuthOptions { Audience = "registration-api", Issuer = "registration-local", SigningKey = new string('x', 40) },
            Role.Secretariat, null, "intruder", TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        using var response = await client.WithToken(forged).PostAsync("/api/v1/events", Requests.JointEvent("FORGED"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var client = api.Client();
        var expired = client.Token(Role.Secretariat, null, "late", TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-2));

        using var response = await client.WithToken(expired).PostAsync("/api/v1/events", Requests.JointEvent("EXPIRED"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData(-6 * 60, HttpStatusCode.Unauthorized)]        // expired 60 s ago
    [InlineData(-(5 * 60) - 10, HttpStatusCode.Created)]      // expired 10 s ago: within the 30 s skew
    [InlineData(2 * 60, HttpStatusCode.Unauthorized)]         // not valid for another 60 s
    public async Task A_token_is_accepted_only_within_a_30_second_clock_skew(int issuedSecondsFromNow, HttpStatusCode expected)
    {
        var client = api.Client();
        // Minted with a lifetime of 5 minutes; valid from 1 minute before it was issued.
        var token = client.Token(Role.Secretariat, null, "skewed", TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddSeconds(issuedSecondsFromNow));

        using var response = await client.WithToken(token).PostAsync("/api/v1/events", Requests.JointEvent($"SKEW-{Random.Shared.Next():X8}"));

        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Role.Delegation, null)]
    [InlineData(Role.Delegation, "XYZ")]
    [InlineData("observer", null)]
    public async Task A_token_with_an_unknown_role_or_a_delegation_without_a_valid_country_is_401(string role, string? country)
    {
        var client = api.Client();
        using var response = await client.WithToken(client.Token(role, country, "someone")).PostAsync("/api/v1/events", Requests.JointEvent("BAD-CLAIMS"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task The_jobs_dashboard_is_served_in_development()
    {
        using var response = await api.Client().Anonymous().GetAsync("/hangfire");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class HealthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Liveness_and_readiness_answer_healthy_while_postgresql_is_up()
    {
        var live = await api.Client().Anonymous().GetJsonAsync("/health/live");
        var ready = await api.Client().Anonymous().GetJsonAsync("/health/ready");

        live.GetProperty("status").GetString().ShouldBe("healthy");
        ready.GetProperty("status").GetString().ShouldBe("healthy");
    }
}

/// <summary>The dashboard outside Development: only a secretariat token opens it.</summary>
public sealed class ProductionDashboardTests(ProductionDashboardTests.ProductionApi api) : IClassFixture<ProductionDashboardTests.ProductionApi>
{
    public sealed class ProductionApi : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Hangfire:Dashboard:OpenInDevelopment"] = "false",
        };
    }

    [Fact]
    public async Task The_dashboard_refuses_anonymous_callers_and_delegations_and_admits_the_secretariat()
    {
        using var anonymous = await api.Client().Anonymous().GetAsync("/hangfire");
        using var delegation = await api.Client().AsDelegation("AUT").GetAsync("/hangfire");
        using var secretariat = await api.Client().AsSecretariat().GetAsync("/hangfire");

        anonymous.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        delegation.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        secretariat.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
