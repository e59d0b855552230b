using System.Net;
using Microsoft.AspNetCore.Hosting;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Security;

/// <summary>The service outside Development, with a signing key given as a deployment would give its settings.</summary>
public sealed class ProductionApi : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:SigningKey"] = "a-signing-key-for-the-production-host-test-only",
        ["Auth:Issuer"] = "registration-tests",
        ["Auth:Audience"] = "registration-api",
        ["https_port"] = "443",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public sealed class ProductionHostTests(ProductionApi api) : IClassFixture<ProductionApi>
{
    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_https_answers_carry_hsts()
    {
        var client = api.Client().Anonymous().Http;

        using var plain = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://registration.example.org/api/v1/events"));
        using var secure = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://registration.example.org/api/v1/events"));

        plain.StatusCode.ShouldBe(HttpStatusCode.TemporaryRedirect);
        plain.Headers.Location!.ToString().ShouldStartWith("https://registration.example.org/api/v1/events");
        secure.StatusCode.ShouldBe(HttpStatusCode.OK);
        secure.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=31536000");
    }
}
