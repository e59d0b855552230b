using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Registration.HttpBench;

/// <summary>
/// One statement as PostgreSQL logged it with <c>log_min_duration_statement = 0</c> (JSON log): its text with <c>$n</c>
/// placeholders, the parameters' values as text, the prepared statement's name (<c>&lt;unnamed&gt;</c> when the client
/// did not prepare it; none for the simple protocol) and how long the server took.
/// </summary>
public sealed partial record CapturedStatement(int Pid, string Sql, IReadOnlyList<string?> Parameters, string? StatementName, double Milliseconds)
{
    public bool Prepared => StatementName is not null && StatementName != "<unnamed>";

    public string Verb => FirstWord().Match(Sql).Value.ToUpperInvariant();

    /// <summary>
    /// The commands of one simple-protocol query, one statement each (Npgsql's pool reset, when the connection has
    /// prepared statements, is several commands in one query; pgbench's extended protocol takes one command at a time).
    /// </summary>
    public IEnumerable<CapturedStatement> Commands()
    {
        if (StatementName is not null || !Sql.TrimEnd().TrimEnd(';').Contains(';', StringComparison.Ordinal))
        {
            return [this];
        }

        var commands = new List<string>();
        var quoted = false;
        var start = 0;
        for (var i = 0; i < Sql.Length; i++)
        {
            if (Sql[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (Sql[i] == ';' && !quoted)
            {
                commands.Add(Sql[start..i]);
                start = i + 1;
            }
        }

        commands.Add(Sql[start..]);
        return commands.Where(c => c.Trim().Length > 0).Select((c, i) => this with { Sql = c.Trim(), Milliseconds = i == 0 ? Milliseconds : 0 });
    }

    /// <summary>Reads one JSON log line; null when it is not a statement's execution (parse and bind steps, other messages).</summary>
    public static CapturedStatement? FromLogLine(JsonElement record)
    {
        if (!record.TryGetProperty("message", out var messageElement) || messageElement.GetString() is not { } message)
        {
            return null;
        }

        var match = Duration().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var kind = match.Groups["kind"].Value;
        if (kind is "parse" or "bind")
        {
            return null;
        }

        var detail = record.TryGetProperty("detail", out var d) ? d.GetString() : null;
        var parameters = detail is not null && detail.StartsWith("parameters: ", StringComparison.Ordinal) ? ParseParameters(detail["parameters: ".Length..]) : [];
        return new CapturedStatement(
            record.GetProperty("pid").GetInt32(),
            match.Groups["sql"].Value,
            parameters,
            kind == "execute" ? match.Groups["name"].Value : null,
            double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary><c>$1 = 'text', $2 = NULL, ...</c>: values in single quotes with quotes doubled.</summary>
    public static List<string?> ParseParameters(string text)
    {
        var values = new SortedDictionary<int, string?>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '$')
            {
                throw new BenchException($"capture: cannot read the logged parameters near '{Shorten(text[i..])}'");
            }

            var equals = text.IndexOf(" = ", i, StringComparison.Ordinal);
            var number = int.Parse(text.AsSpan(i + 1, equals - i - 1), CultureInfo.InvariantCulture);
            i = equals + 3;
            if (string.CompareOrdinal(text, i, "NULL", 0, 4) == 0)
            {
                values[number] = null;
                i += 4;
            }
            else
            {
                var value = new StringBuilder();
                i++; // opening quote
                while (true)
                {
                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                values[number] = value.ToString();
            }

            if (i < text.Length)
            {
                i += 2; // ", "
            }
        }

        return [.. Enumerable.Range(1, values.Count).Select(n => values.TryGetValue(n, out var v) ? v : null)];
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60];

    [GeneratedRegex(@"^duration: (?<ms>[0-9.]+) ms  (?<kind>execute|statement|parse|bind)(?: (?<name>[^:]+))?: (?<sql>.*)$", RegexOptions.Singleline)]
    private static partial Regex Duration();

    [GeneratedRegex(@"^\s*\w+")]
    private static partial Regex FirstWord();
}
