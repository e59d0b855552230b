using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Registration.Api.Domain;
using Registration.UnitTests.Matching;

namespace Registration.HttpBench;

/// <summary>
/// Loads a realistic event through the API, concurrently, so that the load is itself a burst of registrations: an event
/// with three meetings, one delegation per State, their delegates (one delegation of exactly <c>--big</c> delegates, the
/// upload's target), and for most delegations a note verbale of a few pages naming its delegates, sent while the
/// delegation is still registering (about half of its delegates before the note, half after). Then writes the pools the
/// wrk scripts draw from.
/// </summary>
internal static class Load
{
    private const int LinesPerPage = 45;

    private static readonly string[] GivenNames =
    [
        "Anna", "Peter", "Maria", "Ahmed", "Fatima", "Jean", "Olga", "Kenji", "Amina", "Carlos", "Ingrid", "Samuel", "Leila", "Pavel",
        "Grace", "Tomas", "Aisha", "Hiroshi", "Elena", "Kwame", "Sofia", "Rajesh", "Nadia", "Lukas", "Chen", "Isabel", "Omar",
        "Katarina", "Diego", "Mei", "Yusuf", "Helena", "Ivan", "Zainab", "Pierre", "Lucia", "Arjun", "Emma", "Tariq", "Nora",
    ];

    private static readonly string[] Syllables =
    [
        "ber", "gan", "mol", "ri", "sto", "ven", "ka", "lin", "dor", "ma", "tes", "hu", "ro", "wa", "zel", "ni", "por", "sa", "ko",
        "lem", "tar", "vi", "gra", "don", "mi", "ser", "bo", "lu", "fen", "da",
    ];

    private static readonly string[] Titles = ["Ms.", "Mr.", "H.E. Ms.", "H.E. Mr.", "Dr."];

    private static readonly string[] JobTitles =
    [
        "Counsellor", "First Secretary", "Second Secretary", "Legal Adviser", "Director", "Senior Prosecutor", "Expert", "Attache",
        "Deputy Permanent Representative", "Head of Unit",
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var data = new BenchData(options.Dir("data"));
        var delegationCount = options.Int("delegations", 193);
        var delegateCount = options.Int("delegates", 20_000);
        var noteCount = options.Int("notes", 150);
        var big = options.Int("big", 200);
        var workers = options.Int("workers", 16);
        var participantPool = options.Int("participants", 30_000);
        var runId = "zq" + BenchData.Letters(Random.Shared.NextInt64(26L * 26 * 26 * 26, 26L * 26 * 26 * 26 * 26));
        if (delegationCount > Countries.All.Count || delegationCount < 2 || delegateCount < big + delegationCount - 1 || noteCount > delegationCount)
        {
            throw new BenchException("load: the counts do not fit (delegations 2–198, at least one delegate each, the big one included, notes at most one per delegation)");
        }

        using var api = new BenchApi(options);
        var secretariat = api.Token("secretariat", subject: "bench-secretariat");
        data.Write("run-id", runId);
        data.Write("secretariat.token", secretariat);

        // The event: open for a year, three meetings, both modes.
        var deadline = DateTime.UtcNow.AddYears(1);
        var created = await BenchApi.ExpectAsync(201, api.PostJsonAsync("/api/v1/events", secretariat, new
        {
            code = $"BENCH-{runId.ToUpperInvariant()}",
            title = "Joint meetings of EMIC, IRG and WGAR (benchmark)",
            venue = "Boardroom B/M1, M-Building, Vienna International Centre, Vienna, Austria",
            timeZone = "Europe/Vienna",
            startDate = deadline.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            endDate = deadline.AddDays(18).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            registrationDeadline = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            participationModes = new[] { "in-person", "online" },
            meetings = new[]
            {
                new { code = "EMIC-14", title = "Open-ended intergovernmental expert meeting to enhance international cooperation under the United Nations Convention against Corruption" },
                new { code = "IRG-16", title = "Implementation Review Group" },
                new { code = "WGAR-19", title = "Working Group on Asset Recovery" },
            },
        }), "create the event");
        var eventId = created["id"]!.GetValue<Guid>();
        data.Write("event-id", eventId.ToString());

        // One delegation per State, created by the secretariat.
        var countries = Countries.All.Keys.Order(StringComparer.Ordinal).Take(delegationCount).ToArray();
        var delegations = new (string Country, Guid Id, string Token)[countries.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, countries.Length), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, _) =>
        {
            var delegation = await BenchApi.ExpectAsync(201, api.PostJsonAsync($"/api/v1/events/{eventId}/delegations", secretariat, new { country = countries[i] }), $"create the delegation of {countries[i]}");
            delegations[i] = (countries[i], delegation["id"]!.GetValue<Guid>(), api.Token("delegation", countries[i], subject: $"bench-delegation-{countries[i]}"));
        });

        // Who each delegation registers: the big one first, the rest spread evenly.
        var people = Plan(delegations.Length, delegateCount, big);
        var withNote = Enumerable.Range(0, delegations.Length).Take(noteCount).ToHashSet();
        Console.WriteLine($"load: event {eventId}: {delegations.Length} delegations, {delegateCount} delegates, {withNote.Count} notes verbales, {workers} clients at once");

        // The burst: every delegation's steps in order (half of its delegates, its note, the other half), all
        // delegations interleaved, consumed by the workers.
        var steps = new List<(int Delegation, int Person)>[delegations.Length];
        for (var d = 0; d < delegations.Length; d++)
        {
            var order = Enumerable.Range(0, people[d].Count).Select(p => (d, p)).ToList();
            if (withNote.Contains(d))
            {
                order.Insert(people[d].Count / 2, (d, -1));
            }

            steps[d] = order;
        }

        var queue = new ConcurrentQueue<(int Delegation, int Person)>();
        for (var round = 0; round < steps.Max(s => s.Count); round++)
        {
            foreach (var s in steps.Where(s => round < s.Count))
            {
                queue.Enqueue(s[round]);
            }
        }

        var registerLatencies = new ConcurrentBag<double>();
        var uploadLatencies = new ConcurrentBag<double>();
        var failures = new ConcurrentQueue<string>();
        var burst = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (failures.IsEmpty && queue.TryDequeue(out var step))
            {
                var (country, delegationId, token) = delegations[step.Delegation];
                var started = Stopwatch.GetTimestamp();
                (int Status, string Body) answer;
                if (step.Person < 0)
                {
                    using var content = BenchApi.Pdf(NoteNaming(country, people[step.Delegation]));
                    answer = await api.SendAsync(HttpMethod.Post, $"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", token, content);
                    uploadLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    answer = await api.PostJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", token, people[step.Delegation][step.Person].Body);
                    registerLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                if (answer.Status != 201)
                {
                    failures.Enqueue($"{(step.Person < 0 ? "upload" : "register")} for {country}: {answer.Status} {BenchApi.Shorten(answer.Body)}");
                }
            }
        })));
        burst.Stop();
        if (failures.TryPeek(out var failure))
        {
            throw new BenchException($"load: the burst failed: {failure}");
        }

        var summary = new BurstSummary(
            registerLatencies.Count, uploadLatencies.Count, workers, burst.Elapsed.TotalSeconds,
            Percentile(registerLatencies, 0.5), Percentile(registerLatencies, 0.99), Percentile(uploadLatencies, 0.5), Percentile(uploadLatencies, 0.99));
        data.Write("burst.json", JsonSerializer.Serialize(summary, BenchApi.Json));
        Console.WriteLine($"load: {summary.Registrations} registrations and {summary.Uploads} uploads in {summary.Seconds:0.0} s "
            + $"({summary.Registrations / summary.Seconds:0} registrations/s; p50 {summary.RegisterP50Ms:0} ms, p99 {summary.RegisterP99Ms:0} ms)");

        await WritePoolsAsync(options, data, api, eventId, delegations, people, participantPool, runId);
        return 0;
    }

    /// <summary>The pools: which delegation registers next, participants' tokens, delegates to approve, the note the upload sends.</summary>
    private static async Task WritePoolsAsync(
        Options options, BenchData data, BenchApi api, Guid eventId, (string Country, Guid Id, string Token)[] delegations,
        List<Person>[] people, int participantPool, string runId)
    {
        var bigDelegation = delegations[0];
        data.Write("big-delegation-id", bigDelegation.Id.ToString());
        data.Write("big-country", bigDelegation.Country);
        data.Write("big.token", bigDelegation.Token);
        var others = delegations.Skip(1).ToArray();
        data.WriteLines("register.tsv", others.Select(d => $"{d.Id}\t{d.Token}\t{d.Country}"));

        // A participant per request, each joining one of the delegations (never the big one, which the upload checks).
        // The first ones are kept for the capture, so that the wrk pool stays whole.
        const int CapturePool = 40;
        string Participant(int k)
        {
            var marker = runId + "p" + BenchData.Letters(k);
            var country = others[k % others.Length].Country;
            var token = api.Token("participant", subject: $"bench-participant-{marker}", email: $"{marker}@participants.example.org");
            return $"{token}\t{country}\t{marker}";
        }

        data.WriteLines("participants-capture.tsv", Enumerable.Range(0, CapturePool).Select(Participant));
        data.WriteLines("participants.tsv", Enumerable.Range(CapturePool, participantPool).Select(Participant));

        // Delegates to approve: pending and named by their delegation's note, outside the big delegation, in random order
        // (so that approvals spread over delegations). One is kept apart as the delegate the reads fetch.
        await using var db = new NpgsqlConnection(options["connection"]);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id FROM delegates WHERE event_id = @e AND delegation_id <> @big AND status = 'Pending' AND note_verbale_status = 'Matched' ORDER BY random()", db);
        command.Parameters.AddWithValue("e", eventId);
        command.Parameters.AddWithValue("big", bigDelegation.Id);
        var approvable = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                approvable.Add(reader.GetGuid(0));
            }
        }

        if (approvable.Count < CapturePool + 100)
        {
            throw new BenchException($"load: only {approvable.Count} delegates are pending and matched; the notes did not name them");
        }

        data.Write("delegate-id", approvable[0].ToString());
        data.WriteLines("approve-capture.txt", approvable.Skip(1).Take(CapturePool).Select(id => id.ToString()));
        data.WriteLines("approve.txt", approvable.Skip(1 + CapturePool).Select(id => id.ToString()));

        // The upload: a new note for the big delegation naming all of its delegates; each request sends other bytes.
        await File.WriteAllBytesAsync(data.Path("upload.pdf"), NoteNaming(bigDelegation.Country, people[0], addendum: true));
        Console.WriteLine($"load: pools written to {data.Dir} ({participantPool} participants, {approvable.Count - 1 - CapturePool} delegates to approve)");
    }

    /// <summary>Each delegation's people: the big delegation exactly <paramref name="big"/>, the others sharing the rest.</summary>
    private static List<Person>[] Plan(int delegations, int delegates, int big)
    {
        var random = new Random(20_270_906);
        var plan = new List<Person>[delegations];
        var rest = delegates - big;
        var serial = 0;
        for (var d = 0; d < delegations; d++)
        {
            var count = d == 0 ? big : (rest / (delegations - 1)) + (d - 1 < rest % (delegations - 1) ? 1 : 0);
            plan[d] = [.. Enumerable.Range(0, count).Select(_ => Person.Random(random, serial++))];
        }

        return plan;
    }

    /// <summary>A note verbale as Missions write them: letterhead, compliments, one line per delegate, closing; 45 lines a page.</summary>
    private static byte[] NoteNaming(string country, List<Person> people, bool addendum = false)
    {
        var name = BenchData.Ascii(Countries.NameOf(country));
        List<string> lines =
        [
            $"Permanent Mission of {name} to the United Nations (Vienna)",
            $"Note verbale No. {(addendum ? "2" : "1")}/{country}/2027",
            "",
            $"The Permanent Mission of {name} to the United Nations (Vienna) presents its compliments to the Secretariat",
            "of the United Nations Office on Drugs and Crime and, with reference to the joint meetings of the expert meeting on",
            "international cooperation, the Implementation Review Group and the Working Group on Asset Recovery, has the honour",
            $"to inform that the delegation of {name} will be composed as follows:",
            "",
            .. people.Select(p => $"{p.Title} {p.GivenName} {p.FamilyName.ToUpperInvariant()}, {p.JobTitle}, Ministry of Foreign Affairs"),
            "",
            $"The Permanent Mission of {name} avails itself of this opportunity to renew to the Secretariat the assurances of",
            "its highest consideration.",
            "Vienna, 2027",
        ];
        return TestPdf.WithPages([.. lines.Chunk(LinesPerPage)]);
    }

    private static double Percentile(IEnumerable<double> samples, double q)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }

    private sealed record Person(string Title, string GivenName, string FamilyName, string JobTitle, string Email, string Mode)
    {
        public object Body => new { title = Title, givenName = GivenName, familyName = FamilyName, jobTitle = JobTitle, email = Email, participationMode = Mode };

        public static Person Random(Random random, int serial)
        {
            var given = GivenNames[random.Next(GivenNames.Length)];
            var family = string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => Syllables[random.Next(Syllables.Length)]));
            family = char.ToUpperInvariant(family[0]) + family[1..];
            return new Person(
                Titles[random.Next(Titles.Length)], given, family, JobTitles[random.Next(JobTitles.Length)],
                $"{given.ToLowerInvariant()}.{family.ToLowerInvariant()}.{serial}@mfa.example.org", random.Next(5) == 0 ? "online" : "in-person");
        }
    }
}

/// <summary>What the load measured of itself: the burst of registrations and uploads.</summary>
internal sealed record BurstSummary(
    int Registrations, int Uploads, int Clients, double Seconds, double RegisterP50Ms, double RegisterP99Ms, double UploadP50Ms, double UploadP99Ms);
