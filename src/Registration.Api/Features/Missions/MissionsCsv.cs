using System.Text;
using CsvHelper;
using Registration.Api.Domain;

namespace Registration.Api.Features.Missions;

/// <summary>
/// The missions directory as CSV (CsvHelper): RFC 4180, UTF-8 (a byte order mark is accepted), comma-separated, one
/// header line naming exactly <see cref="Columns"/> in any order, <c>emails</c> separated by <c>;</c>. Reading checks
/// every line against the same rules as the API's requests and reports each broken one; writing escapes values that a
/// spreadsheet would run as a formula (a leading <c>'</c>, which reading removes again, so the round trip is exact).
/// </summary>
internal static class MissionsCsv
{
    public const string ContentType = "text/csv";

    public static readonly string[] Columns =
        ["country", "name", "accreditedTo", "addressLine2", "addressLine3", "city", "postalCode", "addressCountry", "salutation", "emails", "language"];

    private const int MaxReportedLines = 200;

    public sealed record Line(long Number, string Country, MissionFields Fields);

    /// <summary>The lines, or every problem keyed <c>lines[N]</c> / <c>lines[N].field</c> (N: the record's number, the header being 1).</summary>
    public static (IReadOnlyList<Line> Lines, Dictionary<string, string[]> Errors) Read(byte[] bytes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var lines = new List<Line>();
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            errors["file"] = ["The file is not UTF-8 text; save the CSV as UTF-8."];
            return (lines, errors);
        }

        var malformed = new Dictionary<long, CsvMalformedReason>();
        using var reader = CsvReader.FromText(text, new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            // Broken quoting is reported on its line with the other problems, not thrown at the first.
            OnMalformedRecord = bad => malformed.TryAdd(bad.RecordNumber, bad.Reason),
        });
        try
        {
            var header = reader.Headers.ToArray();
            if (header.Length == 0 || header is [""])
            {
                errors["lines[1]"] = [$"The file is empty; the first line must be the header: {string.Join(',', Columns)}."];
                return (lines, errors);
            }

            if (HeaderProblems(header) is { } headerProblem)
            {
                errors["lines[1]"] = [headerProblem];
                return (lines, errors);
            }

            var index = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c), StringComparer.Ordinal);
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var number = reader.RowNumber + 1; // the header is record 1
                if (malformed.TryGetValue(number, out var reason))
                {
                    Add(errors, $"lines[{number}]", $"The line is not valid CSV ({Describe(reason)}).");
                    continue;
                }

                if (reader.FieldCount != header.Length)
                {
                    Add(errors, $"lines[{number}]", $"The line has {reader.FieldCount} fields; the header has {header.Length}.");
                    continue;
                }

                var record = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToArray();
                string? Field(string column) => Unescape(record[index[column]]) is { Length: > 0 } value ? value : null;
                var country = Field("country") ?? "";
                var languageText = Field("language");
                var language = OfficialLanguage.En;
                if (languageText is not null && !OfficialLanguages.TryParse(languageText, out language))
                {
                    Add(errors, $"lines[{number}].language", $"'{languageText}' is not one of the official languages ({OfficialLanguages.List}).");
                }

                var fields = new MissionFields(
                    Field("name") ?? "", Field("accreditedTo"), Field("addressLine2"), Field("addressLine3"), Field("city"), Field("postalCode"),
                    Field("addressCountry"), Field("salutation"),
                    [.. (Field("emails") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                    language);

                if (!Countries.IsKnown(country))
                {
                    Add(errors, $"lines[{number}].country", $"'{country}' is not a country code of a State that can sign the Convention (upper-case ISO 3166-1 alpha-3, EUE for the European Union).");
                }
                else if (seen.TryGetValue(country, out var first))
                {
                    Add(errors, $"lines[{number}].country", $"{country} is on line {first} already; give each country one line.");
                }
                else
                {
                    seen[country] = number;
                }

                foreach (var (field, message) in MissionRules.Problems(fields))
                {
                    Add(errors, $"lines[{number}].{field}", message);
                }

                lines.Add(new Line(number, country, fields));
            }
        }
        catch (CsvFormatException broken)
        {
            Add(errors, $"lines[{broken.RecordNumber}]", $"The line is not valid CSV: {broken.Message.Split('\n')[0].Trim()}");
        }

        return (lines, errors);
    }

    public static byte[] Write(IEnumerable<Mission> missions)
    {
        using var output = new MemoryStream();
        using (var writer = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true))
        {
            foreach (var column in Columns)
            {
                writer.WriteField(column);
            }

            writer.EndRecord();
            foreach (var m in missions)
            {
                foreach (var value in new[]
                {
                    m.Country, m.Name, m.AccreditedTo, m.AddressLine2, m.AddressLine3, m.City, m.PostalCode, m.AddressCountry, m.Salutation,
                    string.Join(';', m.Emails), m.Language.Wire(),
                })
                {
                    writer.WriteField(value ?? "");
                }

                writer.EndRecord();
            }
        }

        return output.ToArray();
    }

    private static string? HeaderProblems(string[] header)
    {
        var trimmed = header.Select(h => h.Trim()).ToArray();
        var missing = Columns.Except(trimmed, StringComparer.Ordinal).ToList();
        var unknown = trimmed.Except(Columns, StringComparer.Ordinal).ToList();
        var repeated = trimmed.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count == 0 && unknown.Count == 0 && repeated.Count == 0 && trimmed.SequenceEqual(header))
        {
            return null;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"missing columns: {string.Join(", ", missing)}");
        }

        if (unknown.Count > 0)
        {
            problems.Add($"unknown columns: {string.Join(", ", unknown)}");
        }

        if (repeated.Count > 0)
        {
            problems.Add($"repeated columns: {string.Join(", ", repeated)}");
        }

        if (problems.Count == 0)
        {
            problems.Add("column names must not carry spaces around them");
        }

        return $"The header is wrong ({string.Join("; ", problems)}); it must name exactly these columns: {string.Join(',', Columns)}.";
    }

    /// <summary>Undoes the export's escaping of a value a spreadsheet would run as a formula.</summary>
    private static string Unescape(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length > 1 && trimmed[0] == '\'' && trimmed[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? trimmed[1..] : trimmed;
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field that is never closed",
        _ => "broken quoting",
    };

    private static void Add(Dictionary<string, string[]> errors, string key, string message)
    {
        if (errors.Count >= MaxReportedLines && !errors.ContainsKey(key))
        {
            errors["file"] = [$"More than {MaxReportedLines} problems; fix these and import again to see the rest."];
            return;
        }

        errors[key] = errors.TryGetValue(key, out var earlier) ? [.. earlier, message] : [message];
    }
}
