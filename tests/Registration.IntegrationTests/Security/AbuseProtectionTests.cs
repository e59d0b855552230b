using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Security;

/// <summary>The service as production runs it: rate limits on, with small budgets so a test can use them up.</summary>
public sealed class RateLimitedApi : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:PermitsPerWindow"] = "3",
        ["RateLimiting:AnonymousPermitsPerWindow"] = "2",
        ["RateLimiting:WindowSeconds"] = "600",
    };
}

public sealed class RateLimitTests(RateLimitedApi api) : IClassFixture<RateLimitedApi>
{
    [Fact]
    public async Task Each_caller_has_its_own_budget_and_one_beyond_it_gets_429_with_retry_after()
    {
        var anna = api.Client().WithToken(api.Client().Token("secretariat", null, "rate-limited-officer"));
        var ben = api.Client().WithToken(api.Client().Token("secretariat", null, "another-officer"));

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await anna.GetAsync("/api/v1/events");
            allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var refused = await anna.GetAsync("/api/v1/events");
        using var other = await ben.GetAsync("/api/v1/events");

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_callers_are_limited_by_address_but_health_probes_never_are()
    {
        var anonymous = api.Client().Anonymous();
        for (var i = 0; i < 5; i++)
        {
            using var probe = await anonymous.GetAsync("/health/live");
            probe.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await anonymous.GetAsync("/swagger/v1/swagger.json");
            answers.Add(response.StatusCode);
        }

        answers.ShouldContain(HttpStatusCode.TooManyRequests);
    }
}

/// <summary>A client app's origin is configured, as a deployment would.</summary>
public sealed class ClientAppApi : ApiFactory
{
    public const string Origin = "https://register.example.org";

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Cors:AllowedOrigins:0"] = Origin };
}

public sealed class BrowserProtectionTests(ClientAppApi api) : IClassFixture<ClientAppApi>
{
    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/events");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await api.Client().Http.SendAsync(request);
    }

    [Fact]
    public async Task Only_the_configured_client_apps_may_call_from_a_browser()
    {
        using var allowed = await PreflightAsync(ClientAppApi.Origin);
        using var other = await PreflightAsync("https://evil.example.com");

        allowed.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(ClientAppApi.Origin);
        other.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_swagger_ui_a_policy_it_can_run_under()
    {
        using var api_ = await api.Client().GetAsync("/api/v1/events");
        using var problem = await api.Client().GetAsync("/api/v1/events/00000000-0000-0000-0000-000000000000");
        using var ui = await api.Client().GetAsync("/swagger/index.html");

        foreach (var response in new[] { api_, problem, ui })
        {
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
            response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        }

        api_.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        problem.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
        ui.StatusCode.ShouldBe(HttpStatusCode.OK);
        ui.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'self'");
    }
}
