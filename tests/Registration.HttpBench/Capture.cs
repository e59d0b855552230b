using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Registration.HttpBench;

/// <summary>
/// Captures the SQL the API issues: PostgreSQL logs every statement (<c>log_min_duration_statement = 0</c>, set for the
/// bench cluster with ALTER SYSTEM and reset afterwards) while the tool sends, for each operation, a few warm-up
/// requests and then the captured one between two marker statements of its own. The statements of the API's sessions
/// between the markers (Hangfire's own polling left out) are written as they were (sql/) and as a pgbench script
/// (pgbench/), so the baseline always runs what the API runs now.
/// </summary>
internal static class Capture
{
    private const int WarmUps = 6;

    public static async Task<int> RunAsync(Options options)
    {
        var data = new BenchData(options["data"]);
        var outDir = options.Dir("out");
        Directory.CreateDirectory(Path.Combine(outDir, "sql"));
        Directory.CreateDirectory(Path.Combine(outDir, "pgbench"));
        var operations = options["operations"].Split(',', StringSplitOptions.RemoveEmptyEntries);
        var eventId = data.Read("event-id");
        using var api = new BenchApi(options);

        var builder = new NpgsqlConnectionStringBuilder(options["connection"]) { ApplicationName = "bench-http-capture", Pooling = false };
        await using var db = new NpgsqlConnection(builder.ConnectionString);
        await db.OpenAsync();
        var logFile = await ScalarAsync<string?>(db, "SELECT pg_current_logfile('jsonlog')")
            ?? throw new BenchException("capture: PostgreSQL writes no JSON log (the bench cluster of scripts/lib/postgres.sh does)");
        var offset = await ScalarAsync<long>(db, $"SELECT (pg_stat_file({Quote(logFile)})).size");

        var captured = new List<(string Operation, string Nonce, Operations.Request Request, HashSet<Guid> KnownIds)>();
        await ExecuteAsync(db, "ALTER SYSTEM SET log_min_duration_statement = 0");
        await ExecuteAsync(db, "SELECT pg_reload_conf()");
        await Task.Delay(500);
        try
        {
            var k = options.Int("first", 0);
            foreach (var operation in operations)
            {
                for (var w = 0; w < WarmUps; w++)
                {
                    await SendExpectingSuccessAsync(operation, k + w, api, data);
                }

                var knownIds = await KnownIdsAsync(db);
                var nonce = Guid.NewGuid().ToString("N");
                await ExecuteAsync(db, $"SELECT 'bench-capture-begin {operation} {nonce}'");
                var sent = await SendExpectingSuccessAsync(operation, k + WarmUps, api, data);
                await ExecuteAsync(db, $"SELECT 'bench-capture-end {operation} {nonce}'");
                captured.Add((operation, nonce, sent, knownIds));
            }
        }
        finally
        {
            await ExecuteAsync(db, "ALTER SYSTEM RESET log_min_duration_statement");
            await ExecuteAsync(db, "SELECT pg_reload_conf()");
        }

        if (await ScalarAsync<string?>(db, "SELECT pg_current_logfile('jsonlog')") != logFile)
        {
            throw new BenchException($"capture: PostgreSQL started a new log file during the capture (log_rotation_age and log_rotation_size must be 0, as in the bench cluster)");
        }

        var records = await ReadLogAsync(db, logFile, offset, $"bench-capture-end {captured[^1].Operation} {captured[^1].Nonce}");
        var poolSizes = await WritePoolsAsync(db, data);
        var summary = new StringBuilder();
        foreach (var (operation, nonce, request, knownIds) in captured)
        {
            var statements = Window(records, operation, nonce, eventId);
            if (statements.Count == 0)
            {
                throw new BenchException($"capture: no statement of the API was logged for {operation}");
            }

            var context = new CaptureContext(knownIds, request.Markers, request.Pools, poolSizes);
            var script = PgbenchScript.Write(operation, statements, context);
            await File.WriteAllTextAsync(Path.Combine(outDir, "pgbench", operation + ".pgbench"), script.Script);
            await File.WriteAllTextAsync(Path.Combine(outDir, "pgbench", operation + ".mode"), script.Mode + "\n");
            await File.WriteAllTextAsync(Path.Combine(outDir, "pgbench", operation + ".explain.sql"), script.Explain);
            await File.WriteAllTextAsync(Path.Combine(outDir, "sql", operation + ".sql"), Describe(operation, request, statements, script));
            summary.AppendLine(CultureInfo.InvariantCulture,
                $"{operation}\t{script.Statements}\t{script.RoundTrips}\t{statements.Sum(s => s.Milliseconds):0.000}\t{script.Mode}\t{string.Join(' ', script.Notes)}");
            Console.WriteLine($"capture: {operation,-14} {script.Statements,3} statements, {script.RoundTrips,3} round trips, "
                + $"{statements.Sum(s => s.Milliseconds),7:0.000} ms in PostgreSQL; pgbench -M {script.Mode}");
        }

        await File.AppendAllTextAsync(Path.Combine(outDir, "capture.tsv"), summary.ToString());
        return 0;
    }

    private static async Task<Operations.Request> SendExpectingSuccessAsync(string operation, int k, BenchApi api, BenchData data)
    {
        var (status, body, sent) = await Operations.SendAsync(operation, k, api, data);
        if (status is < 200 or > 299)
        {
            throw new BenchException($"capture: {operation} answered {status}: {BenchApi.Shorten(body)}");
        }

        return sent;
    }

    /// <summary>The statements of the API's sessions between the operation's two markers.</summary>
    private static List<CapturedStatement> Window(List<(JsonElement Record, CapturedStatement? Statement)> records, string operation, string nonce, string eventId)
    {
        var begin = records.FindIndex(r => Message(r.Record).Contains($"bench-capture-begin {operation} {nonce}", StringComparison.Ordinal));
        var end = records.FindIndex(r => Message(r.Record).Contains($"bench-capture-end {operation} {nonce}", StringComparison.Ordinal));
        if (begin < 0 || end < begin)
        {
            throw new BenchException($"capture: the markers of {operation} are not in PostgreSQL's log");
        }

        var ownPid = records[begin].Record.GetProperty("pid").GetInt32();
        var window = records[(begin + 1)..end]
            .Where(r => r.Statement is { } s && s.Pid != ownPid && !s.Sql.Contains("hangfire", StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Statement!)
            .ToList();

        // The request's session is the one that read or wrote this event; anything else (a job's sweep) is not the request.
        var requestPids = window.Where(s => s.Sql.Contains(eventId, StringComparison.Ordinal) || s.Parameters.Any(p => p == eventId)).Select(s => s.Pid).ToHashSet();
        return [.. window.Where(s => requestPids.Contains(s.Pid)).SelectMany(s => s.Commands())];
    }

    private static string Message(JsonElement record) => record.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";

    /// <summary>Reads the JSON log from <paramref name="offset"/> through SQL (the file belongs to the server's user), waiting for the last marker.</summary>
    private static async Task<List<(JsonElement, CapturedStatement?)>> ReadLogAsync(NpgsqlConnection db, string logFile, long offset, string lastMarker)
    {
        for (var attempt = 0; ; attempt++)
        {
            var size = await ScalarAsync<long>(db, $"SELECT (pg_stat_file({Quote(logFile)})).size");
            var bytes = await ScalarAsync<byte[]>(db, $"SELECT pg_read_binary_file({Quote(logFile)}, {offset}, {size - offset})");
            var text = Encoding.UTF8.GetString(bytes);
            if (text.Contains(lastMarker, StringComparison.Ordinal) || attempt == 20)
            {
                var records = new List<(JsonElement, CapturedStatement?)>();
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var record = JsonDocument.Parse(line).RootElement;
                    records.Add((record, CapturedStatement.FromLogLine(record)));
                }

                return records;
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Every id the database holds (all uuid <c>id</c> columns): a UUID in a request's statements that is not among them, the request made.</summary>
    private static async Task<HashSet<Guid>> KnownIdsAsync(NpgsqlConnection db)
    {
        var union = await ScalarAsync<string>(db,
            "SELECT string_agg(format('SELECT id FROM %I.%I', table_schema, table_name), ' UNION ALL ') FROM information_schema.columns "
            + "WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'");
        var ids = new HashSet<Guid>();
        await using var command = new NpgsqlCommand(union, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>
    /// The pools pgbench draws targets from (bench_pool, in the benchmark's database, which the API ignores): the delegations
    /// registered into, in the order of the wrk pool, with their countries; the delegates approved (pgbench approves them
    /// again: the statements are the same, the row's version and audit counter are read from the row).
    /// </summary>
    private static async Task<Dictionary<string, int>> WritePoolsAsync(NpgsqlConnection db, BenchData data)
    {
        var delegations = data.ReadTable("register.tsv");
        var approve = File.ReadAllLines(data.Path("approve.txt")).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();
        await ExecuteAsync(db, "DROP TABLE IF EXISTS bench_pool; CREATE TABLE bench_pool (name text NOT NULL, i integer NOT NULL, id uuid, code text, PRIMARY KEY (name, i))");
        await using (var command = new NpgsqlCommand(
            "INSERT INTO bench_pool SELECT 'delegations', (t.ord - 1)::int, t.id, t.code FROM unnest(@ids, @codes) WITH ORDINALITY AS t(id, code, ord); "
            + "INSERT INTO bench_pool SELECT 'approve', (t.ord - 1)::int, t.id, NULL FROM unnest(@approve) WITH ORDINALITY AS t(id, ord); ANALYZE bench_pool", db))
        {
            command.Parameters.AddWithValue("ids", delegations.Select(d => Guid.Parse(d[0])).ToArray());
            command.Parameters.AddWithValue("codes", delegations.Select(d => d[2]).ToArray());
            command.Parameters.AddWithValue("approve", approve);
            await command.ExecuteNonQueryAsync();
        }

        return new() { ["delegations"] = delegations.Length, ["approve"] = approve.Length };
    }

    /// <summary>The captured statements as a reader wants them: time, prepared name, text, values (long ones shortened).</summary>
    private static string Describe(string operation, Operations.Request request, List<CapturedStatement> statements, PgbenchScript.Result script)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"-- {operation}: {request.Method} {request.Path}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"-- {statements.Count} statements, {script.RoundTrips} round trips, {statements.Sum(s => s.Milliseconds):0.000} ms of server time (log_min_duration_statement), "
            + $"{statements.Count(s => s.Prepared)} of them prepared; pgbench runs it -M {script.Mode}");
        text.AppendLine();
        var n = 0;
        foreach (var statement in statements)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-- [{++n}] {statement.Milliseconds:0.000} ms, {statement.StatementName ?? "simple protocol"}");
            text.Append(statement.Sql.TrimEnd().TrimEnd(';')).AppendLine(";");
            if (statement.Parameters.Count > 0)
            {
                text.AppendLine("-- parameters: " + string.Join(", ", statement.Parameters.Select((p, i) =>
                    $"${i + 1} = {(p is null ? "NULL" : "'" + (p.Length > 120 ? p[..120] + $"...' ({p.Length} characters)" : p + "'"))}")));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}
