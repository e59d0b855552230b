using System.Globalization;

namespace Registration.HttpBench;

/// <summary>A failure the tool explains in one line (no stack trace): scripts/bench-http stops on it.</summary>
internal sealed class BenchException(string message) : Exception(message);

/// <summary>The command line: <c>--name value</c> pairs.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values;

    private Options(Dictionary<string, string> values) => this.values = values;

    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
            {
                throw new BenchException($"expected --name value, found '{list[i]}'");
            }

            values[list[i][2..]] = list[++i];
        }

        return new Options(values);
    }

    public string this[string name] => values.TryGetValue(name, out var value) ? value : throw new BenchException($"--{name} is required");

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string Dir(string name)
    {
        var dir = this[name];
        Directory.CreateDirectory(dir);
        return dir;
    }
}
