using System.Diagnostics;
using System.Net;
using Registration.Api.Domain.Matching;
using Registration.Api.Platform.Pdf;
using Registration.IntegrationTests.Infrastructure;
using Registration.UnitTests.Matching;
using Xunit;

// Measures the hot paths: the note verbale cross-check, PDF text extraction, and the API on a real PostgreSQL.
// Figures depend on the machine; run it twice and compare like with like (scripts/bench).
var delegates = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1_000;
Console.WriteLine($"Registration benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {delegates} delegates");

// 1. Matching: a 5,000-word note checked against 200 delegates.
var filler = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"word{i % 700}"));
var noteText = $"{filler} Ms. Anna BERGER {filler}";
Measure("match: index a 5,000-word note", 50, () => NoteText.From(noteText));
var indexed = NoteText.From(noteText);
Measure("match: check 200 delegates against it", 50, () =>
{
    for (var i = 0; i < 200; i++)
    {
        indexed.Names($"Given{i}", $"Family{i}", $"g{i}@example.org");
    }
});

// 2. PDF text extraction of a three-page note.
var pdf = TestPdf.WithPages([.. Enumerable.Range(0, 3).Select(page => Enumerable.Range(0, 45).Select(line => $"Ms. Given{page}x{line} FAMILY{line}, Counsellor, Permanent Mission").ToArray())]);
Measure($"pdf: extract text of 3 pages ({pdf.Length / 1024} KiB)", 30, () => PdfTextExtractor.Extract(pdf));

// 3. The API in-process on a fresh PostgreSQL database.
var api = new ApiFactory();
await ((IAsyncLifetime)api).InitializeAsync();
try
{
    var eventId = await api.EventAsync("BENCH-1");
    var delegationId = await api.DelegationAsync(eventId, "AUT");
    var client = api.Client().AsDelegation("AUT");
    var latencies = new List<double>(delegates);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < delegates; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate($"Given{i}", $"Family{i}"));
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"register answered {response.StatusCode}");
        }
    }

    Report($"api: register a delegate (sequential, {delegates}x)", latencies, total.Elapsed);

    var upload = Stopwatch.StartNew();
    using (var response = await client.UploadAsync(eventId, delegationId, Notes.Naming("Ms. Given1 FAMILY1", "Mr. Given2 FAMILY2")))
    {
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"upload answered {response.StatusCode}");
        }
    }

    Console.WriteLine($"  {"api: upload a note, checking every delegate",-52} {upload.Elapsed.TotalMilliseconds,9:0.0} ms (one run, {delegates} delegates)");

    var secretariat = api.Client().AsSecretariat();
    await Time($"api: list delegates, page of 50 (200x)", 200, i => secretariat.GetAsync($"/api/v1/events/{eventId}/delegates?limit=50"));
    await Time($"api: search q=family12 (200x)", 200, i => secretariat.GetAsync($"/api/v1/events/{eventId}/delegates?q=family12&limit=50"));
    await Time($"api: filter status=pending, limit=1 (200x)", 200, i => secretariat.GetAsync($"/api/v1/events/{eventId}/delegates?status=pending&limit=1"));
    await Time($"api: summary (50x)", 50, i => secretariat.GetAsync($"/api/v1/events/{eventId}/summary"));
}
finally
{
    await ((IAsyncLifetime)api).DisposeAsync();
}

static void Measure(string name, int runs, Action action)
{
    action();
    var samples = new List<double>(runs);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    Report($"{name} ({runs}x)", samples, total.Elapsed);
}

static async Task Time(string name, int runs, Func<int, Task<HttpResponseMessage>> call)
{
    using (await call(-1))
    {
    }

    var samples = new List<double>(runs);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await call(i);
        response.EnsureSuccessStatusCode();
        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    Report(name, samples, total.Elapsed);
}

static void Report(string name, List<double> samples, TimeSpan total)
{
    samples.Sort();
    double At(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
    Console.WriteLine($"  {name,-52} p50 {At(0.5),8:0.00} ms   p95 {At(0.95),8:0.00} ms   {samples.Count / total.TotalSeconds,8:0.0}/s");
}
