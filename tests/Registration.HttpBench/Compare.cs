using System.Text.Json.Nodes;

namespace Registration.HttpBench;

/// <summary>
/// Sends each read the benchmark measures to the API and to the bare baseline and compares the answers (status, JSON
/// members and values, in order): the baseline is only a baseline if it does the same work.
/// </summary>
internal static class Compare
{
    public static async Task<int> RunAsync(Options options)
    {
        var data = new BenchData(options["data"]);
        using var api = new BenchApi(options);
        using var bare = new HttpClient { BaseAddress = new Uri(options["bare-url"]) };
        var lines = new List<string>();
        foreach (var operation in options["operations"].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (status, body, sent) = await Operations.SendAsync(operation, 0, api, data);
            using var request = new HttpRequestMessage(sent.Method, sent.Path);
            if (sent.Token is not null)
            {
                request.Headers.Authorization = new("Bearer", sent.Token);
            }

            using var response = await bare.SendAsync(request);
            var bareBody = await response.Content.ReadAsStringAsync();
            var (apiJson, bareJson) = (Canonical(body), Canonical(bareBody));
            var at = Enumerable.Range(0, Math.Min(apiJson.Length, bareJson.Length)).FirstOrDefault(i => apiJson[i] != bareJson[i], -1);
            lines.Add(status == (int)response.StatusCode && apiJson == bareJson
                ? $"{operation}: the same answer ({status}, {apiJson.Length:N0} characters of JSON)"
                : $"{operation}: DIFFERENT: API {status}, bare {(int)response.StatusCode}; "
                    + (at < 0 ? $"lengths {apiJson.Length} and {bareJson.Length}" : $"from character {at}: API '{Excerpt(apiJson, at)}', bare '{Excerpt(bareJson, at)}'"));
        }

        await File.WriteAllLinesAsync(options["out"], lines);
        foreach (var line in lines)
        {
            Console.WriteLine("compare: " + line);
        }

        return 0;
    }

    private static string Canonical(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString() ?? "null";
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(80, text.Length - Math.Max(0, at - 20)));
}
