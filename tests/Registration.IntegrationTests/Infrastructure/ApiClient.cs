using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Json;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Speaks HTTP and JSON to the API the way a client app does, with tokens minted from the Development key.</summary>
public sealed class ApiClient(HttpClient http, IServiceProvider services)
{
    public static readonly JsonSerializerOptions Json = JsonSetup.Create();

    public HttpClient Http => http;

    public ApiClient AsSecretariat(string subject = "secretariat-officer") => WithToken(Token(Role.Secretariat, null, subject));

    public ApiClient AsDelegation(string country, string? subject = null) =>
        WithToken(Token(Role.Delegation, country, subject ?? $"focal-point-{country.ToLowerInvariant()}"));

    /// <summary>A person registering themselves: a participant token with their verified address (the subject defaults to one derived from it).</summary>
    public ApiClient AsParticipant(string email, string? subject = null) =>
        WithToken(Token(Role.Participant, null, subject ?? $"participant-{email.ToLowerInvariant()}", email: email, emailVerified: true));

    public ApiClient Anonymous()
    {
        http.DefaultRequestHeaders.Authorization = null;
        return this;
    }

    public ApiClient WithToken(string token)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return this;
    }

    public string Token(
        string role, string? country, string subject, TimeSpan? lifetime = null, DateTimeOffset? now = null, string? email = null, bool? emailVerified = null) =>
        DevelopmentTokens.Mint(
            services.GetRequiredService<AuthOptions>(), role, country, subject, lifetime ?? TimeSpan.FromHours(1), now ?? DateTimeOffset.UtcNow, email, emailVerified);

    public Task<HttpResponseMessage> PostAsync(string path, object body) => http.PostAsJsonAsync(path, body, Json);

    public Task<HttpResponseMessage> PutAsync(string path, object body) => http.PutAsJsonAsync(path, body, Json);

    public Task<HttpResponseMessage> PatchAsync(string path, object body) =>
        http.PatchAsync(path, JsonContent.Create(body, options: Json));

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.GetAsync(path);
        return await response.ShouldHaveAsync(expected);
    }
}

public static class ResponseAssertions
{
    /// <summary>Asserts the status and returns the JSON body (an undefined element when there is none).</summary>
    public static async Task<JsonElement> ShouldHaveAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the contract's code, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var problem = await response.ShouldHaveAsync(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        problem.GetProperty("code").GetString().ShouldBe(code, problem.ToString());
        problem.GetProperty("status").GetInt32().ShouldBe((int)expected);
        problem.TryGetProperty("title", out _).ShouldBeTrue();
        problem.TryGetProperty("type", out _).ShouldBeTrue();
        problem.TryGetProperty("detail", out _).ShouldBeTrue();
        return problem;
    }

    /// <summary>Asserts a 400 validation-failed problem whose errors name each of the fields.</summary>
    public static async Task<JsonElement> ShouldBeValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
        {
            errors.TryGetProperty(field, out _).ShouldBeTrue($"errors should name '{field}': {errors}");
        }

        return problem;
    }
}
