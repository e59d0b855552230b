using System.Diagnostics;
using System.Net;
using Registration.Api.Domain.Matching;
using Registration.Api.Platform.Ocr;
using Registration.Api.Platform.Pdf;
using Registration.IntegrationTests.Infrastructure;
using Registration.UnitTests.Matching;
using Xunit;

// Measures the hot paths: the note verbale cross-check, PDF text extraction, and the API on a real PostgreSQL.
// Figures depend on the machine; run it twice and compare like with like (scripts/bench).
var delegates = args.FirstOrDefault(a => int.TryParse(a, out _)) is { } count ? int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) : 1_000;
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

// 1b. Growth of the cross-check of an upload: every active delegate against a note of n pages, as the upload runs it
// (the note's text read once, then each delegate located). Issue 11: linear in delegates x note size at most, and under
// 20 ms for a 20-page note against 200 delegates.
Console.WriteLine("  match growth: parse the note once, then locate every delegate (ms, median of 20)");
Console.WriteLine($"    {"pages \\ delegates",-18}{string.Join("", new[] { 50, 100, 200, 400 }.Select(n => $"{n,10}"))}   per page x delegate");
foreach (var pages in new[] { 5, 10, 20, 40 })
{
    var text = NotePages(pages);
    var cells = new List<double>();
    foreach (var people in new[] { 50, 100, 200, 400 })
    {
        cells.Add(Median(20, () =>
        {
            var note = NoteText.From(text);
            for (var i = 0; i < people; i++)
            {
                note.Locate($"Given{i}", $"Family{i}", $"given{i}@example.org");
            }
        }));
    }

    Console.WriteLine($"    {pages,-18}{string.Join("", cells.Select(c => $"{c,10:0.00}"))}   {cells[^1] / (pages * 400) * 1000,8:0.00} µs");
}

// 2. PDF text extraction of a three-page note.
var pdf = TestPdf.WithPages([.. Enumerable.Range(0, 3).Select(page => Enumerable.Range(0, 45).Select(line => $"Ms. Given{page}x{line} FAMILY{line}, Counsellor, Permanent Mission").ToArray())]);
Measure($"pdf: extract text of 3 pages ({pdf.Length / 1024} KiB)", 30, () => PdfTextExtractor.Extract(pdf));
Measure("pdf: the same, PdfPig alone (no limits, no lines)", 30, () =>
{
    using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
    foreach (var page in document.GetPages())
    {
        _ = page.GetWords().Count();
    }
});

// 2b. PDF bombs: what refusing each costs under the default limits (time, bytes allocated by the process), and, with
// --unlimited, what reading it costs without limits (limits so high that nothing is refused: the cost before issue 17).
var unlimited = args.Contains("--unlimited");
var noLimits = new PdfLimits(int.MaxValue, long.MaxValue, int.MaxValue, TimeSpan.FromHours(1));
// Without limits only the bombs of the issue that finish in seconds (the others take minutes and gigabytes).
foreach (var (name, bomb, alsoUnlimited) in new (string, Func<byte[]>, bool)[]
{
    ("1 MB of text operators", () => PdfBombs.Text(1024 * 1024), true),
    ("10 MB of text operators", () => PdfBombs.Text(10 * 1024 * 1024), true),
    ("100 pages sharing one 1 MB stream", () => PdfBombs.SharedContent(100, 1024 * 1024), false),
    ("40 pages sharing one 1 MB stream", () => PdfBombs.SharedContent(40, 1024 * 1024), true),
    ("64 MB of drawing on one page", () => PdfBombs.Content(64 * 1024 * 1024), false),
    ("a form drawn 200,000 times", () => PdfBombs.RepeatedForm(200_000, 1400), false),
    ("a font program inflating to 64 MB", () => PdfBombs.Font(64 * 1024 * 1024), false),
})
{
    var file = bomb();
    Console.WriteLine($"  pdf bomb: {name} ({file.Length / 1024.0:0.#} KiB)");
    MeasureBomb("default limits", file, PdfLimits.Default);
    if (unlimited && alsoUnlimited)
    {
        MeasureBomb("no limits", file, noLimits);
    }
}

// 2c. OCR of a scanned note (tesseract and pdftoppm, as the reading job runs them): the time per page, rendering
// included, with the six official languages (the default) and with English alone, and what tolerant matching of the
// recognised text costs against 200 delegates.
var scan = ScannedNotes.Pages(
    ScannedNotes.Letter("Ms. Zoë LEFÈVRE, Counsellor", "Mr. Johann WEBER, First Secretary"),
    ScannedNotes.Letter("Mr. Сергей ИВАНОВ, First Secretary", "أحمد حسن"),
    []);
foreach (var languages in new[] { new OcrOptions().Languages, "eng" })
{
    var reader = new OcrReader(new OcrOptions { Languages = languages }.Validate());
    var perPage = new List<double>();
    var wall = Stopwatch.StartNew();
    for (var run = 0; run < 2; run++)
    {
        perPage.AddRange((await reader.ReadAsync(scan, [1, 2, 3], CancellationToken.None)).Select(page => page.Elapsed.TotalMilliseconds));
    }

    Report($"ocr: a page at 300 dpi, {languages} (3 pages x 2)", perPage, wall.Elapsed);
}

var recognised = string.Join(NoteText.PageBreak, (await new OcrReader(new OcrOptions().Validate()).ReadAsync(scan, [1, 2, 3], CancellationToken.None)).Select(p => p.Text));
var ocrNote = NoteText.From(recognised, ocrPages: [1, 2, 3]);
Measure("match: check 200 delegates against an OCR-read note, tolerantly", 50, () =>
{
    for (var i = 0; i < 200; i++)
    {
        ocrNote.Locate($"Given{i}", $"Family{i}", $"g{i}@example.org");
    }
});

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

// A note verbale of the given number of pages, 45 lines of names and titles each, as PDF extraction writes it.
static string NotePages(int pages) => string.Join(NoteText.PageBreak, Enumerable.Range(0, pages).Select(page =>
    string.Join('\n', Enumerable.Range(0, 45).Select(line => $"Ms. Given{page * 45 + line} FAMILY{page * 45 + line}, Counsellor, Permanent Mission of Austria"))));

static double Median(int runs, Action action)
{
    action();
    var samples = new List<double>(runs);
    for (var run = 0; run < runs; run++)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    samples.Sort();
    return samples[runs / 2];
}

static void MeasureBomb(string label, byte[] file, PdfLimits limits)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var residentBefore = Environment.WorkingSet;
    var started = Stopwatch.GetTimestamp();
    string outcome;
    try
    {
        var text = PdfTextExtractor.Extract(file, limits, CancellationToken.None);
        outcome = $"read, {text.Text.Length:N0} characters";
    }
    catch (PdfTooComplexException refused)
    {
        outcome = $"refused ({refused.LimitName})";
    }

    var elapsed = Stopwatch.GetElapsedTime(started);
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var resident = Environment.WorkingSet - residentBefore;
    Console.WriteLine($"    {label,-15} {elapsed.TotalMilliseconds,9:0.0} ms  {allocated / 1048576.0,8:0.0} MB allocated  {resident / 1048576.0,+8:+0.0;-0.0} MB resident  {outcome}");
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
