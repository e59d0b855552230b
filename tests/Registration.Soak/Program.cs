using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Registration.Api.Platform.Auth;
using Registration.UnitTests.Matching;

// The soak's load generator (scripts/soak): mixed load against a running API for a number of minutes, then a count of
// what the database holds against what the API said it created. Arguments: --base-url URL --connection CS --minutes N
// --settings path/to/appsettings.Development.json (for the development signing key).
var options = args.Chunk(2).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0].TrimStart('-'), pair => pair[1]);
var baseUrl = new Uri(options["base-url"]);
var connection = options["connection"];
var minutes = double.Parse(options.GetValueOrDefault("minutes", "10"), CultureInfo.InvariantCulture);
var auth = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(options["settings"])).Build().GetSection(AuthOptions.Section).Get<AuthOptions>()!;
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

HttpClient Client(string role, string? country = null)
{
    var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
        "Bearer", DevelopmentTokens.Mint(auth, role, country, $"soak-{role}-{country}", TimeSpan.FromHours(4), DateTimeOffset.UtcNow));
    return client;
}

var statuses = new ConcurrentDictionary<string, int>();
var created = new ConcurrentBag<Guid>();
var approved = new ConcurrentBag<Guid>();
var withdrawn = new ConcurrentBag<Guid>();
var notes = new ConcurrentBag<Guid>();

async Task<HttpResponseMessage?> Send(string what, Func<Task<HttpResponseMessage>> call)
{
    try
    {
        var response = await call();
        statuses.AddOrUpdate($"{what} {(int)response.StatusCode}", 1, (_, n) => n + 1);
        return response;
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        statuses.AddOrUpdate($"{what} no answer", 1, (_, n) => n + 1);
        return null;
    }
}

var secretariat = Client("secretariat");
var code = $"SOAK-{DateTime.UtcNow:yyyyMMddHHmmss}";
var deadline = DateTime.UtcNow.AddYears(1);
var eventResponse = await secretariat.PostAsJsonAsync("/api/v1/events", new
{
    code, title = "Soak", venue = "Vienna International Centre", timeZone = "Europe/Vienna",
    startDate = deadline.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    endDate = deadline.AddDays(12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    registrationDeadline = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    participationModes = new[] { "in-person", "online" },
    meetings = new[] { new { code = "SOAK-1", title = "Soak meeting" } },
}, json);
eventResponse.EnsureSuccessStatusCode();
var eventId = (await eventResponse.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("id").GetGuid();

string[] countries = ["AUT", "BEL", "CHE", "DEU"];
var delegations = new Dictionary<string, Guid>();
foreach (var country in countries)
{
    var response = await secretariat.PostAsJsonAsync($"/api/v1/events/{eventId}/delegations", new { country }, json);
    response.EnsureSuccessStatusCode();
    delegations[country] = (await response.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("id").GetGuid();
}

Console.WriteLine($"soak: event {code}, {countries.Length} delegations, {minutes} minute(s) of mixed load with {countries.Length} workers");
var until = DateTime.UtcNow.AddMinutes(minutes);
var clock = Stopwatch.StartNew();
await Task.WhenAll(countries.Select(country => Task.Run(async () =>
{
    var focal = Client("delegation", country);
    var delegationId = delegations[country];
    var mine = new List<(Guid Id, string Name)>();
    for (var i = 0; DateTime.UtcNow < until; i++)
    {
        var family = $"Soak{country}{i}";
        var registered = await Send("register", () => focal.PostAsJsonAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates",
            new { title = "Ms.", givenName = "Anna", familyName = family, email = $"{family.ToLowerInvariant()}@example.gv.at", participationMode = "in-person" }, json));
        if (registered?.StatusCode == HttpStatusCode.Created)
        {
            var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("id").GetGuid();
            created.Add(id);
            mine.Add((id, family));
        }

        await Send("list", () => focal.GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates?limit=50"));
        if (i % 10 == 9 && mine.Count > 0)
        {
            var batch = mine.TakeLast(10).ToList();
            using var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(TestPdf.WithLines([.. batch.Select(d => $"Ms. Anna {d.Name.ToUpperInvariant()}")]));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(file, "file", "note-verbale.pdf");
            var uploaded = await Send("upload", () => focal.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", content));
            if (uploaded?.StatusCode == HttpStatusCode.Created)
            {
                notes.Add((await uploaded.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("id").GetGuid());
            }

            foreach (var (id, _) in batch.Take(5))
            {
                var decided = await Send("approve", () => secretariat.PostAsync($"/api/v1/events/{eventId}/delegates/{id}/approve", null));
                if (decided?.StatusCode == HttpStatusCode.OK)
                {
                    approved.Add(id);
                }
            }

            var leaving = batch[^1].Id;
            var left = await Send("withdraw", () => focal.PostAsync($"/api/v1/events/{eventId}/delegates/{leaving}/withdraw", null));
            if (left?.StatusCode == HttpStatusCode.OK)
            {
                withdrawn.Add(leaving);
            }
        }
    }
})));

Console.WriteLine($"soak: {statuses.Values.Sum()} requests in {clock.Elapsed.TotalMinutes:0.0} minutes");
foreach (var (key, count) in statuses.OrderBy(s => s.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"  {key,-22} {count,8}");
}

await using var db = new NpgsqlConnection(connection);
await db.OpenAsync();
async Task<long> Count(string sql)
{
    await using var command = new NpgsqlCommand(sql, db);
    command.Parameters.AddWithValue("e", eventId);
    return (long)(await command.ExecuteScalarAsync())!;
}

var stored = await Count("SELECT count(*) FROM delegates WHERE event_id = @e");
var doubled = await Count("SELECT count(*) - count(DISTINCT normalized_email) FROM delegates WHERE event_id = @e");
var storedApproved = await Count("SELECT count(*) FROM delegates WHERE event_id = @e AND decided_at IS NOT NULL AND status IN ('Approved', 'Withdrawn')");
var storedWithdrawn = await Count("SELECT count(*) FROM delegates WHERE event_id = @e AND status = 'Withdrawn'");
var storedNotes = await Count("SELECT count(*) FROM notes_verbales WHERE event_id = @e");
var serverErrors = statuses.Where(s => s.Key.EndsWith(" 500", StringComparison.Ordinal)).Sum(s => s.Value);
Console.WriteLine($"soak: delegates created {created.Count}, stored {stored}; doubled addresses {doubled}");
Console.WriteLine($"soak: approvals answered {approved.Count}, stored {storedApproved}; withdrawals answered {withdrawn.Count}, stored {storedWithdrawn}");
Console.WriteLine($"soak: notes created {notes.Count}, stored {storedNotes}; answers 500: {serverErrors}");
var lost = created.Count != stored || approved.Count != storedApproved || withdrawn.Count != storedWithdrawn || notes.Count != storedNotes;
Console.WriteLine(lost || doubled > 0 || serverErrors > 0
    ? "soak: FAILED — the database and the API's answers disagree, or the API answered 500"
    : "soak: nothing lost, nothing doubled, no 500");
return lost || doubled > 0 || serverErrors > 0 ? 1 : 0;
