using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Reads an event's change feed the way an integrator does: page after page, from a cursor it kept.</summary>
public static class Feed
{
    public static async Task<JsonElement> PageAsync(this ApiClient client, Guid eventId, string? after = null, int? limit = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var query = new List<string>();
        if (after is not null)
        {
            query.Add($"after={Uri.EscapeDataString(after)}");
        }

        if (limit is not null)
        {
            query.Add($"limit={limit}");
        }

        return await client.GetJsonAsync($"/api/v1/events/{eventId}/changes{(query.Count > 0 ? "?" + string.Join('&', query) : "")}", expected);
    }

    /// <summary>Every change after <paramref name="after"/> up to the end of the feed now, and the cursor to go on from.</summary>
    public static async Task<(List<JsonElement> Items, string? Cursor)> ReadToEndAsync(this ApiClient client, Guid eventId, string? after = null, int limit = 50)
    {
        var items = new List<JsonElement>();
        while (true)
        {
            var page = await client.PageAsync(eventId, after, limit);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            after = page.GetProperty("nextCursor").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return (items, after);
            }
        }
    }

    public static string Type(this JsonElement change) => change.GetProperty("type").GetString()!;

    public static Guid DataId(this JsonElement change) => change.GetProperty("data").GetProperty("id").GetGuid();

    /// <summary>The same JSON, member for member and in the same order (as the API writes it).</summary>
    public static void ShouldBeSameJsonAs(this JsonElement actual, JsonElement expected, string? because = null)
    {
        JsonNode.DeepEquals(JsonNode.Parse(actual.GetRawText()), JsonNode.Parse(expected.GetRawText())).ShouldBeTrue($"{because}\n{actual}\nis not\n{expected}");
        actual.GetRawText().ShouldBe(expected.GetRawText(), because);
    }
}
