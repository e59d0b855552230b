using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registration.HttpBench;

/// <summary>
/// The results table of a run: per operation the API's requests per second, p50 and p99, the answers outside 2xx and
/// socket errors, pgbench's transactions per second on the same statements and the bare baseline's requests per second,
/// with the API's ratio to each; then the burst, the API's peak memory, the machine and how its cores were shared, the
/// captured statements and round trips, and the delegates table's state around the burst.
/// </summary>
internal static partial class Report
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["list-after-burst"] = "secretariat's list, page 1, right after the burst (before VACUUM ANALYZE)",
        ["list"] = "secretariat's list, page 1 (status=pending, 50 a page)",
        ["page400"] = "the same list, page 400",
        ["delegate"] = "one delegate (secretariat)",
        ["event"] = "one event (anonymous)",
        ["register"] = "register a delegate (delegation)",
        ["self-register"] = "a participant's self-registration",
        ["approve"] = "approve a delegate (secretariat)",
        ["upload"] = "note verbale upload, 200-delegate delegation",
    };

    public static int Run(Options options)
    {
        var run = options["run"];
        var operations = options["operations"].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var labels = (operations.Contains("list") ? new[] { "list-after-burst" } : []).Concat(operations).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# HTTP benchmark, {Path.GetFileName(run.TrimEnd('/'))}");
        text.AppendLine();
        text.AppendLine(
            $"`scripts/bench-http --duration {options["duration"]} --connections {options["connections"]}`: wrk with {options["connections"]} connections and "
            + $"{options["duration"]} s per operation against a Release build of the API (Production settings), beside pgbench running the "
            + "statements the API issued for the operation and, for the reads, a bare minimal API on raw Npgsql, each with the same "
            + "connections and duration.");
        text.AppendLine();
        text.AppendLine("| operation | API req/s | p50 | p99 | non-2xx / errors | pgbench tx/s | pgbench p50 / p99 | API / pgbench | bare req/s | bare p50 / p99 | API / bare |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var label in labels)
        {
            var api = Wrk.Read(Path.Combine(run, "results", label + ".api.json"));
            var pgbench = Pgbench.Read(Path.Combine(run, "results", label + ".pgbench.txt"));
            var bare = Wrk.Read(Path.Combine(run, "results", label + ".bare.json"));
            text.AppendLine(
                $"| {Names.GetValueOrDefault(label, label)} | {Rate(api?.RequestsPerSecond)} | {Ms(api?.P50Ms)} | {Ms(api?.P99Ms)} | {api?.Errors ?? "—"} "
                + $"| {Rate(pgbench?.TransactionsPerSecond)}{(pgbench?.Errors is { } e ? " (" + e + ")" : "")} | {Latencies(pgbench?.P50Ms, pgbench?.P99Ms)} "
                + $"| {Ratio(api?.RequestsPerSecond, pgbench?.TransactionsPerSecond)} "
                + $"| {Rate(bare?.RequestsPerSecond)}{(bare is { Errors: not "0" } ? " (" + bare.Errors + ")" : "")} | {Latencies(bare?.P50Ms, bare?.P99Ms)} "
                + $"| {Ratio(api?.RequestsPerSecond, bare?.RequestsPerSecond)} |");
        }

        text.AppendLine();
        text.AppendLine("**CPU per request** (ms of CPU, user + system, from /proc: far less disturbed by the machine's other work than the rates). "
            + "During the API's run: the API's process and PostgreSQL (all its processes); during pgbench's: PostgreSQL per transaction; during the bare "
            + "baseline's: its process and PostgreSQL. *Others* is the rest of the machine's busy time during the API's run: wrk and whatever else runs.");
        text.AppendLine();
        text.AppendLine("| operation | API | PostgreSQL (API) | PostgreSQL (pgbench) | bare | PostgreSQL (bare) | machine busy (others) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var ticks = double.Parse(Lines(Path.Combine(run, "machine.txt")).FirstOrDefault(l => l.StartsWith("clock ticks per second: ", StringComparison.Ordinal))?[24..] ?? "100", CultureInfo.InvariantCulture);
        foreach (var label in labels)
        {
            var api = Cpu.Read(Path.Combine(run, "results", label + ".api.cpu"), ticks);
            var pg = Cpu.Read(Path.Combine(run, "results", label + ".pgbench.cpu"), ticks);
            var bare = Cpu.Read(Path.Combine(run, "results", label + ".bare.cpu"), ticks);
            var requests = Wrk.Read(Path.Combine(run, "results", label + ".api.json"))?.Requests;
            var transactions = Pgbench.Read(Path.Combine(run, "results", label + ".pgbench.txt"))?.Transactions;
            var bareRequests = Wrk.Read(Path.Combine(run, "results", label + ".bare.json"))?.Requests;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {PerRequest(api?.ApiMs, requests)} | {PerRequest(api?.PostgresMs, requests)} | {PerRequest(pg?.PostgresMs, transactions)} "
                + $"| {PerRequest(bare?.BareMs, bareRequests)} | {PerRequest(bare?.PostgresMs, bareRequests)} "
                + $"| {(api is null ? "—" : $"{api.BusyPercent:0}% ({api.OthersPercent:0}%)")} |");
        }

        text.AppendLine();
        var burst = Json(Path.Combine(run, "data", "burst.json"));
        if (burst is { } b)
        {
            var seconds = b.GetProperty("seconds").GetDouble();
            var registrations = b.GetProperty("registrations").GetInt32();
            text.AppendLine(
                $"**The burst** (the load, through the API, {b.GetProperty("clients").GetInt32()} clients at once): {registrations:N0} registrations and "
                + $"{b.GetProperty("uploads").GetInt32()} notes verbales in {seconds:0.0} s, {registrations / seconds:N0} registrations/s; a registration's p50 "
                + $"{b.GetProperty("registerP50Ms").GetDouble():0} ms, p99 {b.GetProperty("registerP99Ms").GetDouble():0} ms; an upload's p50 "
                + $"{b.GetProperty("uploadP50Ms").GetDouble():0} ms, p99 {b.GetProperty("uploadP99Ms").GetDouble():0} ms.");
            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"**The API's peak resident memory** through the run (VmHWM): {ReadOr(Path.Combine(run, "peak-memory"), "?")}.");
        text.AppendLine();
        text.AppendLine("**The machine**");
        text.AppendLine();
        foreach (var line in Lines(Path.Combine(run, "machine.txt")).Concat(Lines(Path.Combine(run, "memory.txt"))))
        {
            text.AppendLine("- " + line);
        }

        text.AppendLine();
        text.AppendLine("**What the API issued per request** (captured from PostgreSQL's log in this run; `sql/` has the statements with their values, `pgbench/` the scripts):");
        text.AppendLine();
        text.AppendLine("| operation | statements | round trips | time in PostgreSQL | pgbench mode | what pgbench varies per transaction |");
        text.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var row in Lines(Path.Combine(run, "capture.tsv")).Select(l => l.Split('\t')))
        {
            text.AppendLine(
                $"| {row[0]} | {row[1]} | {row[2]} | {row[3]} ms | -M {row[4]} | {(row.Length > 5 && row[5].Length > 0 ? Describe(row[5]) : "nothing")} |");
        }

        text.AppendLine();
        AppendFile(text, run, "bare-answers.txt", "The bare baseline's answers against the API's");
        AppendFile(text, run, "after-burst.txt", "When the list was measured right after the burst (UTC)");
        AppendFile(text, run, "delegates-table.txt", "The delegates table (pg_stat_user_tables, pg_class) around the burst");
        text.AppendLine("**How to read it.** API / pgbench is the API's rate over the rate of its own statements replayed by pgbench "
            + "(the same statements, round trips, locks and transaction shape; values that must differ per transaction are varied: "
            + "new ids, unique names and addresses, the target row from a pool): what the application layer costs on top of its SQL. "
            + "API / bare compares with a minimal API on raw Npgsql answering the same request with the same JSON in one prepared statement, "
            + "after validating the same token: what the framework and the data access cost on top of a hand-written endpoint. "
            + "Per operation, `pg_stat_statements/` has where PostgreSQL spent its time during the API's run, and `plans/` the plans of the reads' statements.");
        File.WriteAllText(options["out"], text.ToString());
        return 0;
    }

    private static string PerRequest(double? cpuMs, double? count) =>
        cpuMs is { } ms && count is > 0 ? (ms / count.Value).ToString(ms / count.Value < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + " ms" : "—";

    /// <summary>Two snapshots (before, after) of CPU ticks: the API, the bare baseline, PostgreSQL, the machine busy and in all.</summary>
    private sealed record Cpu(double ApiMs, double BareMs, double PostgresMs, double BusyPercent, double OthersPercent)
    {
        public static Cpu? Read(string path, double ticksPerSecond)
        {
            var lines = Lines(path).Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            if (lines.Length != 2)
            {
                return null;
            }

            var delta = lines[1].Zip(lines[0], (after, before) => after - before).ToArray();
            double Ms(double t) => t * 1000 / ticksPerSecond;
            var others = delta[3] - delta[0] - delta[1] - delta[2];
            return new Cpu(Ms(delta[0]), Ms(delta[1]), Ms(delta[2]), 100 * delta[3] / delta[4], 100 * others / delta[4]);
        }
    }

    private static string Describe(string notes) => string.Join(", ", notes.Split(' ').Select(n => n switch
    {
        "xmin" => "row versions (xmin) compared with the row itself",
        "audit-counter" => "audit line numbers from the delegate's counter",
        "fresh-ids" => "new ids",
        "unique-text" => "unique names, addresses and subjects",
        _ when n.StartsWith("pool:", StringComparison.Ordinal) => "target from the pool " + n[5..].Replace("+", " and ", StringComparison.Ordinal),
        _ => n,
    }));

    private static void AppendFile(StringBuilder text, string run, string name, string title)
    {
        var path = Path.Combine(run, name);
        if (!File.Exists(path))
        {
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"**{title}**");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(File.ReadAllText(path).TrimEnd());
        text.AppendLine("```");
        text.AppendLine();
    }

    private static IEnumerable<string> Lines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(l => l.Length > 0) : [];

    private static string ReadOr(string path, string fallback) => File.Exists(path) ? File.ReadAllText(path).Trim() : fallback;

    private static JsonElement? Json(string path) => File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement : null;

    private static string Rate(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms" : "—";

    private static string Latencies(double? p50, double? p99) => p50 is null && p99 is null ? "—" : $"{Ms(p50)} / {Ms(p99)}";

    private static string Ratio(double? api, double? baseline) =>
        api is { } a && baseline is { } b && b > 0 ? (100 * a / b).ToString("0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>A wrk run's summary, as lua/common.lua writes it.</summary>
    private sealed partial record Wrk(double RequestsPerSecond, double P50Ms, double P99Ms, string Errors, double Requests)
    {
        public static Wrk? Read(string path)
        {
            if (Json(path) is not { } summary)
            {
                return null;
            }

            var requests = summary.GetProperty("requests").GetDouble();
            var non2xx = summary.GetProperty("non2xx").GetInt64();
            var socket = new[] { "connect", "read", "write", "timeout" }.Sum(k => summary.GetProperty(k).GetInt64());
            var errors = new List<string>();
            if (non2xx > 0)
            {
                errors.Add($"{non2xx:N0} non-2xx");
            }

            if (socket > 0)
            {
                errors.Add($"{socket:N0} socket errors");
            }

            if (summary.GetProperty("pool_exhausted").GetBoolean())
            {
                errors.Add("pool ran out");
            }

            if (non2xx > 0 && summary.GetProperty("sample").GetString() is { } sample)
            {
                // "409 {...problem...}": the status and the problem's code say what went wrong.
                var code = ProblemCode().Match(sample);
                errors.Add($"first: {sample.Split(' ')[0]}{(code.Success ? " " + code.Groups[1].Value : "")}");
            }

            return new Wrk(requests / summary.GetProperty("seconds").GetDouble(), summary.GetProperty("p50_ms").GetDouble(),
                summary.GetProperty("p99_ms").GetDouble(), errors.Count == 0 ? "0" : string.Join("; ", errors), requests);
        }

        [GeneratedRegex(@"""code"":""([^""]+)""")]
        private static partial Regex ProblemCode();
    }

    /// <summary>
    /// pgbench's own summary (transactions per second, failed transactions, aborted clients) and, from its
    /// per-transaction log beside it (<c>-l</c>), the latencies' median and 99th percentile.
    /// </summary>
    private sealed partial record Pgbench(double TransactionsPerSecond, string? Errors, double Transactions, double? P50Ms = null, double? P99Ms = null)
    {
        public static Pgbench? Read(string path)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var output = File.ReadAllText(path);
            var tps = Tps().Match(output);
            var failed = Failed().Match(output);
            var aborted = Aborted().Count(output);
            var problems = new List<string>();
            if (failed.Success && failed.Groups[1].Value != "0")
            {
                problems.Add($"{failed.Groups[1].Value} failed");
            }

            if (aborted > 0)
            {
                problems.Add($"{aborted} clients aborted");
            }

            var processed = Processed().Match(output);
            var transactions = processed.Success ? double.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var (p50, p99) = PgbenchLog.Latencies(path);
            return tps.Success
                ? new Pgbench(double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture), problems.Count == 0 ? null : string.Join(", ", problems), transactions, p50, p99)
                : new Pgbench(double.NaN, "no result: " + (problems.Count > 0 ? string.Join(", ", problems) : "see results/"), transactions, p50, p99);
        }


        [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
        private static partial Regex Tps();

        [GeneratedRegex(@"^number of transactions actually processed: (\d+)", RegexOptions.Multiline)]
        private static partial Regex Processed();

        [GeneratedRegex(@"^number of failed transactions: (\d+)", RegexOptions.Multiline)]
        private static partial Regex Failed();

        [GeneratedRegex(@"client \d+ .*aborted", RegexOptions.Multiline)]
        private static partial Regex Aborted();
    }
}
