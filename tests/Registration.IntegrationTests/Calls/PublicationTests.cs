using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Calls;

/// <summary>Publication: published unless the State objects, switchable at any time, and the anonymous list never shows what is withheld.</summary>
public sealed class PublicationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<JsonElement> PublishedAsync(Guid callId, int limit = 50)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await api.Client().Anonymous().GetJsonAsync($"/api/v1/calls/{callId}/published?limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return JsonSerializer.SerializeToElement(items);
    }

    private static string[] Countries(JsonElement published) => [.. published.EnumerateArray().Select(c => c.GetProperty("country").GetString()!)];

    private Task<HttpResponseMessage> SetPublicationAsync(Guid callId, Guid contributionId, string country, string publication) =>
        api.Client().AsDelegation(country).PatchAsync($"/api/v1/calls/{callId}/contributions/{contributionId}", new { publication });

    [Fact]
    public async Task Withholding_removes_a_contribution_and_its_files_from_the_public_list_at_once_and_publishing_brings_them_back()
    {
        var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
        var austria = await api.ContributionAsync(callId, "AUT");
        var germany = await api.ContributionAsync(callId, "DEU", Calls.Contribution(publication: "withhold"));
        var france = await api.ContributionAsync(callId, "FRA", Calls.Contribution(language: "fr"));
        using var uploaded = await api.Client().AsDelegation("FRA").UploadFileAsync($"/api/v1/calls/{callId}/contributions/{france}/files", Notes.Naming("Contribution de la France"), "france.pdf", "application/pdf");
        var fileId = (await uploaded.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // Listed in id order; ids made within one millisecond (the test clock stands still) need not follow creation.
        var published = await PublishedAsync(callId);
        Countries(published).ShouldBe(["AUT", "FRA"], ignoreOrder: true);
        var frenchFile = published.EnumerateArray().Single(c => c.GetProperty("country").GetString() == "FRA").GetProperty("files")[0];
        frenchFile.GetProperty("url").GetString().ShouldBe($"/api/v1/calls/{callId}/published/files/{fileId}");
        using (var download = await api.Client().Anonymous().GetAsync(frenchFile.GetProperty("url").GetString()!))
        {
            download.StatusCode.ShouldBe(HttpStatusCode.OK);
            download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }

        // France changes its mind: gone from the list and its file from the public address, on the next read.
        using (var withheld = await SetPublicationAsync(callId, france, "FRA", "withhold"))
        {
            await withheld.ShouldHaveAsync(HttpStatusCode.OK);
        }

        Countries(await PublishedAsync(callId)).ShouldBe(["AUT"]);
        using (var hidden = await api.Client().Anonymous().GetAsync($"/api/v1/calls/{callId}/published/files/{fileId}"))
        {
            await hidden.ShouldBeProblemAsync(HttpStatusCode.NotFound, "file-not-found");
        }

        // Germany agrees after all; the secretariat still sees every contribution, published or not.
        using (var published2 = await SetPublicationAsync(callId, germany, "DEU", "publish"))
        {
            await published2.ShouldHaveAsync(HttpStatusCode.OK);
        }

        Countries(await PublishedAsync(callId)).ShouldBe(["AUT", "DEU"], ignoreOrder: true);
        var summary = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/calls/{callId}/summary");
        summary.GetProperty("contributions").GetInt32().ShouldBe(3);
        summary.GetProperty("published").GetInt32().ShouldBe(2);
        summary.GetProperty("withheld").GetInt32().ShouldBe(1);
        summary.GetProperty("byTopic").GetProperty(Calls.Procurement).GetInt32().ShouldBe(3);
        summary.GetProperty("byTopic").GetProperty(Calls.Technology).GetInt32().ShouldBe(0);
        var french = summary.GetProperty("contributors").EnumerateArray().Single(c => c.GetProperty("country").GetString() == "FRA");
        french.GetProperty("withheld").EnumerateArray().Select(t => t.GetString()).ShouldBe([Calls.Procurement]);
        french.GetProperty("files").GetInt32().ShouldBe(1);
        summary.GetProperty("notContributed").EnumerateArray().Select(c => c.GetString()).ShouldNotContain("AUT");
        summary.GetProperty("notContributed").EnumerateArray().Select(c => c.GetString()).ShouldContain("ITA");
        _ = austria;
    }

    [Fact]
    public async Task The_public_list_never_shows_a_withheld_contribution_as_states_switch()
    {
        var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
        string[] states = ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA"];
        var ids = new Dictionary<string, Guid>();
        for (var i = 0; i < states.Length; i++)
        {
            ids[states[i]] = await api.ContributionAsync(callId, states[i], Calls.Contribution(publication: i % 3 == 0 ? "withhold" : "publish"));
        }

        // After every switch, the list (read anonymously, three a page) is exactly what the States agreed to publish.
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < states.Length; i++)
            {
                using (var response = await SetPublicationAsync(callId, ids[states[i]], states[i], (round + i) % 2 == 0 ? "withhold" : "publish"))
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.OK);
                }

                var agreed = await api.ScalarAsync<string>(
                    "SELECT coalesce(string_agg(country, ',' ORDER BY id), '') FROM contributions WHERE call_id = @c AND publication = 'Publish'", ("c", callId));
                string.Join(',', Countries(await PublishedAsync(callId, limit: 3))).ShouldBe(agreed, $"round {round}, after {states[i]} switched");
            }
        }
    }
}
