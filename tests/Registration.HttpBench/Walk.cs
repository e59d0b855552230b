using System.Text.Json.Nodes;

namespace Registration.HttpBench;

/// <summary>Follows the secretariat's list, as a client pages through it, to page <c>--page</c>, and writes that page's cursor.</summary>
internal static class Walk
{
    public static async Task<int> RunAsync(Options options)
    {
        var data = new BenchData(options["data"]);
        var page = options.Int("page", 400);
        var query = options["query"];
        using var api = new BenchApi(options);
        var token = data.Read("secretariat.token");
        var path = $"/api/v1/events/{data.Read("event-id")}/delegates?{query}";
        string? cursor = null;
        for (var number = 1; number < page; number++)
        {
            var answer = await BenchApi.ExpectAsync(200, api.SendAsync(HttpMethod.Get, cursor is null ? path : $"{path}&cursor={cursor}", token), $"list page {number}");
            cursor = answer["nextCursor"]?.GetValue<string>()
                ?? throw new BenchException($"walk: the list ends at page {number}; page {page} needs more delegates matching {query}");
        }

        var last = await BenchApi.ExpectAsync(200, api.SendAsync(HttpMethod.Get, $"{path}&cursor={cursor}", token), $"list page {page}");
        if (last["items"] is not JsonArray { Count: > 0 } items)
        {
            throw new BenchException($"walk: page {page} is empty");
        }

        data.Write($"page{page}.cursor", cursor!);
        Console.WriteLine($"walk: page {page} of ?{query} holds {items.Count} delegates");
        return 0;
    }
}
