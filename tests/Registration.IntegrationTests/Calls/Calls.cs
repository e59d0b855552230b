using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Calls;

/// <summary>Arranging calls for contributions and contributions, the seed's call by default.</summary>
public static class Calls
{
    public const string Procurement = "procurement";
    public const string Technology = "technology-in-procurement";

    public static JsonObject SeedCall(string? reference = null, string deadline = "2024-06-07", JsonArray? eligible = null) => new()
    {
        ["reference"] = reference ?? $"CU 2024/{Random.Shared.Next(100, 999)}(A)/DTA/CEB/TSS-{Guid.NewGuid():N}"[..40],
        ["title"] = "Fifteenth session of the Working Group on the Prevention of Corruption",
        ["body"] = "Open-ended Intergovernmental Working Group on the Prevention of Corruption",
        ["topics"] = new JsonArray(
            new JsonObject { ["code"] = Procurement, ["title"] = "The prevention of corruption in procurement at various government levels" },
            new JsonObject { ["code"] = Technology, ["title"] = "The effective use of technology to prevent, detect, deter and counter corruption in procurement" }),
        ["guidance"] = "Successes, challenges, technical assistance needs and lessons learned.",
        ["timeZone"] = "Europe/Vienna",
        ["deadline"] = deadline,
        ["eligibleCountries"] = eligible,
    };

    public static async Task<JsonElement> CallAsync(this ApiFactory api, JsonObject? body = null)
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/calls", body ?? SeedCall());
        return await response.ShouldHaveAsync(HttpStatusCode.Created);
    }

    public static object Contribution(string topic = Procurement, string publication = "publish", string language = "en") => new
    {
        topic,
        language,
        publication,
        answers = new Dictionary<string, string>
        {
            ["successes-and-good-practices"] = "One electronic procurement platform for every level of government.",
            ["challenges"] = "Small municipalities lack trained staff.",
        },
    };

    public static Task<HttpResponseMessage> SubmitAsync(this ApiFactory api, Guid callId, string country, object? body = null) =>
        api.Client().AsDelegation(country).PostAsync($"/api/v1/calls/{callId}/contributions", body ?? Contribution());

    public static async Task<Guid> ContributionAsync(this ApiFactory api, Guid callId, string country, object? body = null)
    {
        using var response = await api.SubmitAsync(callId, country, body);
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }
}
