using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registration.HttpBench;

/// <summary>A captured value that each transaction draws from a pool (<c>bench_pool</c>) instead of repeating it.</summary>
public sealed record PoolBinding(string Pool, string Column);

/// <summary>What the capture knows about one request, to make its statements repeatable by pgbench.</summary>
/// <param name="KnownIds">Every id the database held before the request: any other UUID in it was made by the request.</param>
/// <param name="Markers">Strings the request made unique (in names, addresses, subjects): each transaction gets its own.</param>
/// <param name="Pools">Values drawn from a pool, and the pools' sizes.</param>
public sealed record CaptureContext(
    IReadOnlySet<Guid> KnownIds, IReadOnlyList<string> Markers, IReadOnlyDictionary<string, PoolBinding> Pools, IReadOnlyDictionary<string, int> PoolSizes);

/// <summary>
/// Turns the statements the API issued for one request into a pgbench script that repeats them, transaction for
/// transaction: the same statements in the same order (the same locks, BEGIN … COMMIT), the same round trips (what the
/// client sends together — the pool reset and BEGIN before the next statement, the consecutive writes of one SaveChanges —
/// goes in one pipeline), and the captured values, except those that must differ for the transaction to be valid again:
/// <list type="bullet">
/// <item>ids the request created (UUIDs the database did not hold before) become fresh time-ordered UUIDs, the same one
/// wherever the request used it;</item>
/// <item>strings the request made unique (names, addresses, subjects) get a per-transaction number in place of their
/// marker;</item>
/// <item>the request's target (the delegation registered into, the delegate approved) is drawn from a pool, so that the
/// transactions spread over rows as the API's requests do;</item>
/// <item>row versions read back by the request (<c>xmin = $n</c> in an UPDATE) compare the row with itself, and the audit
/// trail's next line number is read from the delegate's counter, which the UPDATE advances by as many lines as it adds.</item>
/// </list>
/// Values are written as literals (<c>E'…'</c>, colons escaped, since pgbench takes <c>:name</c> for a variable).
/// </summary>
public static partial class PgbenchScript
{
    private const string CounterTable = "delegates";
    private const string CounterColumn = "history_length";
    private const string LineTable = "delegate_history";
    private const string LineOwnerColumn = "delegate_id";
    private const string LineNumberColumn = "sequence";

    /// <summary>What stands for a request's unique marker: the transaction's number.</summary>
    private const string MarkerExpression = "(:n)::text";

    /// <param name="Explain">EXPLAIN (ANALYZE, BUFFERS) of each SELECT that runs as it stands (no per-transaction value), for the plans.</param>
    public sealed record Result(string Script, string Mode, int Statements, int RoundTrips, IReadOnlyList<string> Notes, string Explain);

    public static Result Write(string operation, IReadOnlyList<CapturedStatement> statements, CaptureContext context)
    {
        var notes = new List<string>();
        var fresh = new Dictionary<Guid, int>();
        var rendered = new List<(string Sql, string Verb)>();
        var lineCounts = CountAuditLines(statements, context);
        var counterUpdated = new HashSet<Guid>();
        var linesSeen = new Dictionary<Guid, int>();
        var usesPool = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var statement in statements)
        {
            var overrides = new Dictionary<int, string>();
            var sql = statement.Sql;

            // Row versions: "xmin = $n" compares the row with itself, so the update applies whatever the row's version.
            if (statement.Verb is "UPDATE" or "DELETE")
            {
                sql = XminGuard().Replace(sql, m =>
                {
                    notes.Add("xmin");
                    return $"{m.Groups["lhs"].Value} = {m.Groups["lhs"].Value}";
                });
            }

            // The audit trail: the counter advances by the lines added; each line's number follows from the counter.
            if (ParseUpdate(sql) is { } update && Same(update.Table, CounterTable) && update.Sets.TryGetValue(CounterColumn, out var counterParam)
                && update.IdParam is { } idParam && Value(statement, idParam) is { } ownerText && Guid.TryParse(ownerText, out var owner)
                && context.KnownIds.Contains(owner) && lineCounts.TryGetValue(owner, out var added))
            {
                overrides[counterParam] = $"{CounterColumn} + {added}";
                counterUpdated.Add(owner);
                notes.Add("audit-counter");
            }

            if (ParseInsert(sql) is { } insert && Same(insert.Table, LineTable))
            {
                foreach (var row in insert.Rows)
                {
                    if (row.TryGetValue(LineOwnerColumn, out var ownerParam) && row.TryGetValue(LineNumberColumn, out var numberParam)
                        && Value(statement, ownerParam) is { } lineOwnerText && Guid.TryParse(lineOwnerText, out var lineOwner) && context.KnownIds.Contains(lineOwner))
                    {
                        var nth = linesSeen[lineOwner] = linesSeen.GetValueOrDefault(lineOwner) + 1;
                        var counter = $"(SELECT {CounterColumn} FROM {CounterTable} WHERE id = {Render(lineOwnerText, context, fresh, usesPool, notes)})";
                        overrides[numberParam] = counterUpdated.Contains(lineOwner)
                            ? $"({counter} - {lineCounts[lineOwner] - nth})"
                            : $"({counter} + {nth})";
                    }
                }
            }

            sql = Placeholder().Replace(sql, m =>
            {
                var number = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                return overrides.TryGetValue(number, out var expression)
                    ? expression
                    : Render(Value(statement, number), context, fresh, usesPool, notes);
            });
            rendered.Add((sql.TrimEnd().TrimEnd(';').TrimEnd(), statement.Verb));
        }

        // pgbench -M prepared keeps its statements per connection; a pool reset (DISCARD ALL) drops them, so the script
        // then runs unprepared, as the API did.
        var discards = statements.Any(s => s.Sql.Contains("DISCARD ALL", StringComparison.OrdinalIgnoreCase) || s.Sql.Contains("DEALLOCATE", StringComparison.OrdinalIgnoreCase));
        var prepared = statements.Count(s => s.Prepared) * 2 > statements.Count(s => s.StatementName is not null);
        var mode = prepared && !discards ? "prepared" : "extended";

        var groups = Group(rendered);
        var script = new StringBuilder();
        script.AppendLine(CultureInfo.InvariantCulture, $"-- {operation}: the statements the API issued for one request, captured from PostgreSQL's log (scripts/bench-http).");
        script.AppendLine(CultureInfo.InvariantCulture, $"-- {statements.Count} statements in {groups.Count} round trips; run with pgbench -M {mode}.");
        script.AppendLine(@"\set n random(1, 9007199254740991)");
        foreach (var pool in usesPool)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $@"\set i_{pool} random(0, {context.PoolSizes[pool] - 1})");
        }

        foreach (var group in groups)
        {
            if (group.Count > 1)
            {
                script.AppendLine(@"\startpipeline");
            }

            foreach (var sql in group)
            {
                script.Append(sql).AppendLine(";");
            }

            if (group.Count > 1)
            {
                script.AppendLine(@"\endpipeline");
            }
        }

        if (fresh.Count > 0)
        {
            notes.Add("fresh-ids");
        }

        if (usesPool.Count > 0)
        {
            notes.Add("pool:" + string.Join('+', usesPool));
        }

        var explain = string.Concat(rendered
            .Where(r => r.Verb == "SELECT" && !PgbenchVariable().IsMatch(r.Sql))
            .Select(r => $"EXPLAIN (ANALYZE, BUFFERS) {r.Sql};\n"));
        return new Result(script.ToString(), mode, statements.Count, groups.Count, [.. notes.Distinct()], explain);
    }

    /// <summary>
    /// What the client sends in one round trip. Npgsql writes the pool reset and BEGIN ahead of the next command, and EF
    /// Core sends the writes of one SaveChanges as one batch; everything else waits for its answer.
    /// </summary>
    private static List<List<string>> Group(List<(string Sql, string Verb)> statements)
    {
        var groups = new List<List<string>>();
        List<string>? open = null;
        var openIsWrites = false;
        var carry = new List<string>();
        foreach (var (sql, verb) in statements)
        {
            var prepended = verb is "BEGIN" || IsReset(sql);
            var write = verb is "INSERT" or "UPDATE" or "DELETE";
            if (prepended)
            {
                open = null;
                carry.Add(sql);
                continue;
            }

            if (write && open is not null && openIsWrites && carry.Count == 0)
            {
                open.Add(sql);
                continue;
            }

            open = [.. carry, sql];
            carry.Clear();
            openIsWrites = write;
            groups.Add(open);
        }

        if (carry.Count > 0)
        {
            groups.Add(carry);
        }

        return groups;
    }

    private static bool IsReset(string sql) =>
        ResetStatement().IsMatch(sql);

    /// <summary>How many audit lines the request adds per existing delegate.</summary>
    private static Dictionary<Guid, int> CountAuditLines(IReadOnlyList<CapturedStatement> statements, CaptureContext context)
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var statement in statements)
        {
            if (ParseInsert(statement.Sql) is not { } insert || !Same(insert.Table, LineTable))
            {
                continue;
            }

            foreach (var row in insert.Rows)
            {
                if (row.TryGetValue(LineOwnerColumn, out var ownerParam) && Value(statement, ownerParam) is { } text && Guid.TryParse(text, out var owner)
                    && context.KnownIds.Contains(owner))
                {
                    counts[owner] = counts.GetValueOrDefault(owner) + 1;
                }
            }
        }

        return counts;
    }

    private static string? Value(CapturedStatement statement, int number) =>
        number >= 1 && number <= statement.Parameters.Count ? statement.Parameters[number - 1] : throw new BenchException($"capture: ${number} has no logged value in: {statement.Sql}");

    /// <summary>A captured value as pgbench sends it: a literal, a fresh id, a pool's value, or a per-transaction string.</summary>
    private static string Render(string? value, CaptureContext context, Dictionary<Guid, int> fresh, SortedSet<string> usesPool, List<string> notes)
    {
        if (value is null)
        {
            return "NULL";
        }

        if (context.Pools.TryGetValue(value, out var binding))
        {
            usesPool.Add(binding.Pool);
            return $"(SELECT {binding.Column} FROM bench_pool WHERE name = '{binding.Pool}' AND i = :i_{binding.Pool})";
        }

        if (Guid.TryParse(value, out var id) && value.Length == 36)
        {
            // The nil UUID is no id a request created: it stands for "from the start" (a first page's keyset).
            return id == Guid.Empty || context.KnownIds.Contains(id) ? Literal(value) : Fresh(id, fresh);
        }

        // Fresh ids and markers inside a longer value (an array, a sentence, an address): the value is built around them.
        var pieces = new List<string>();
        var rest = value;
        var changed = false;
        while (rest.Length > 0)
        {
            var (at, length, expression) = FirstSpecial(rest, context, fresh);
            if (expression == MarkerExpression)
            {
                notes.Add("unique-text");
            }

            if (at < 0)
            {
                pieces.Add(Literal(rest));
                break;
            }

            changed = true;
            if (at > 0)
            {
                pieces.Add(Literal(rest[..at]));
            }

            pieces.Add(expression);
            rest = rest[(at + length)..];
        }

        if (!changed)
        {
            return Literal(value);
        }

        var built = "(" + string.Join(" || ", pieces) + ")";
        if (!value.StartsWith('{') || !value.EndsWith('}'))
        {
            return built;
        }

        // Text built from pieces is text, which PostgreSQL does not assign to json or array columns by itself.
        return IsJsonObject(value) ? built + "::json" : built + (UuidInText().IsMatch(value) ? "::uuid[]" : "::text[]");
    }

    /// <summary>A JSON document (an outbox payload) rather than a PostgreSQL array literal.</summary>
    private static bool IsJsonObject(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (int At, int Length, string Expression) FirstSpecial(string text, CaptureContext context, Dictionary<Guid, int> fresh)
    {
        var best = (At: -1, Length: 0, Expression: "");
        foreach (var marker in context.Markers)
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && (best.At < 0 || at < best.At))
            {
                best = (at, marker.Length, MarkerExpression);
            }
        }

        foreach (Match match in UuidInText().Matches(text))
        {
            if (Guid.TryParse(match.Value, out var id) && id != Guid.Empty && !context.KnownIds.Contains(id) && (best.At < 0 || match.Index < best.At))
            {
                best = (match.Index, match.Length, Fresh(id, fresh) + "::text");
            }
        }

        return best;
    }

    /// <summary>A time-ordered UUID (like the API's version 7 ids, so inserts land at the end of the index), the same for one id within a transaction.</summary>
    private static string Fresh(Guid id, Dictionary<Guid, int> fresh)
    {
        if (!fresh.TryGetValue(id, out var number))
        {
            fresh[id] = number = fresh.Count + 1;
        }

        return $"(lpad(to_hex((extract(epoch FROM now()) * 1000)::bigint), 12, '0') || substr(md5((:n)::text || '.{number}'), 1, 20))::uuid";
    }

    /// <summary>An escaped string literal; colons become <c>\x3a</c> so that pgbench does not read <c>:name</c> as a variable.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder("E'", value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => @"\\",
                '\'' => "''",
                ':' => @"\x3a",
                _ => c.ToString(),
            });
        }

        return text.Append('\'').ToString();
    }

    private static bool Same(string table, string name) => table.Trim('"').Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>An INSERT's rows: for each, which column each <c>$n</c> fills.</summary>
    internal static (string Table, List<Dictionary<string, int>> Rows)? ParseInsert(string sql)
    {
        var match = Insert().Match(sql);
        if (!match.Success)
        {
            return null;
        }

        var columns = SplitTopLevel(match.Groups["columns"].Value).Select(c => c.Trim().Trim('"')).ToList();
        var rows = new List<Dictionary<string, int>>();
        var rest = match.Groups["rest"].Value;
        var depth = 0;
        var start = -1;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == '(')
            {
                if (depth++ == 0)
                {
                    start = i + 1;
                }
            }
            else if (rest[i] == ')' && --depth == 0)
            {
                var values = SplitTopLevel(rest[start..i]);
                var row = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var c = 0; c < Math.Min(columns.Count, values.Count); c++)
                {
                    if (Placeholder().Match(values[c].Trim()) is { Success: true } p && p.Value == values[c].Trim())
                    {
                        row[columns[c]] = int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
                    }
                }

                rows.Add(row);
            }
            else if (depth == 0 && char.IsLetter(rest[i]))
            {
                break; // RETURNING, ON CONFLICT
            }
        }

        return (match.Groups["table"].Value, rows);
    }

    /// <summary>An UPDATE's <c>column = $n</c> assignments and the <c>$n</c> its WHERE compares <c>id</c> with.</summary>
    internal static (string Table, Dictionary<string, int> Sets, int? IdParam)? ParseUpdate(string sql)
    {
        var match = Update().Match(sql);
        if (!match.Success)
        {
            return null;
        }

        var sets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var assignment in SplitTopLevel(match.Groups["sets"].Value))
        {
            var parts = assignment.Split('=', 2);
            if (parts.Length == 2 && Placeholder().Match(parts[1].Trim()) is { Success: true } p && p.Value == parts[1].Trim())
            {
                sets[parts[0].Trim().Trim('"')] = int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        var id = IdEquals().Match(match.Groups["where"].Value);
        return (match.Groups["table"].Value, sets, id.Success ? int.Parse(id.Groups[1].Value, CultureInfo.InvariantCulture) : null);
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\'':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    depth++;
                    break;
                case ')' when !quoted:
                    depth--;
                    break;
                case ',' when !quoted && depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"\$(\d+)\b")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<!:):[A-Za-z_]")]
    private static partial Regex PgbenchVariable();

    [GeneratedRegex(@"(?<lhs>(?:\b\w+\.)?""?\bxmin\b""?)\s*=\s*\$\d+\b")]
    private static partial Regex XminGuard();

    [GeneratedRegex(@"^\s*INSERT\s+INTO\s+(?<table>""?[\w.]+""?)(?:\s+AS\s+\w+)?\s*\((?<columns>[^)]*)\)\s*VALUES\s*(?<rest>.*)$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Insert();

    [GeneratedRegex(@"^\s*UPDATE\s+(?<table>""?[\w.]+""?)(?:\s+AS\s+\w+)?\s+SET\s+(?<sets>.*?)\s+WHERE\s+(?<where>.*?)(?:\s+RETURNING\b.*)?\s*;?\s*$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Update();

    [GeneratedRegex(@"(?:^|[\s(])(?:\w+\.)?""?id""?\s*=\s*\$(\d+)\b")]
    private static partial Regex IdEquals();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex UuidInText();

    [GeneratedRegex(@"^\s*(DISCARD\s+ALL|CLOSE\s+ALL|UNLISTEN\s+\*|SELECT\s+pg_advisory_unlock_all\(\)|DISCARD\s+SEQUENCES|DISCARD\s+TEMP|RESET\s+ALL)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ResetStatement();
}
