using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Letters;

/// <summary>Arranging letters: missions in the directory, a template uploaded, a run made.</summary>
public static class Letters
{
    public static async Task<Guid> MissionAsync(this ApiFactory api, string country, string name, string? city = "Vienna", string? postalCode = "1010", params string[] emails)
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/missions", new
        {
            country, name, accreditedTo = "to the United Nations (Vienna)", city, postalCode, addressCountry = "Austria", emails,
        });
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> TemplateAsync(this ApiFactory api, byte[]? docx = null)
    {
        using var response = await api.Client().AsSecretariat().UploadFileAsync("/api/v1/letter-templates", docx ?? Docx.SeedTemplate(), "template.docx", "application/octet-stream");
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> RunAsync(this ApiFactory api, Guid templateId, object body)
    {
        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/letter-templates/{templateId}/runs", body);
        return await response.ShouldHaveAsync(HttpStatusCode.Created);
    }

    public static JsonElement Letter(this JsonElement run, string country) =>
        run.GetProperty("letters").EnumerateArray().Single(l => l.GetProperty("country").GetString() == country);
}
