using System.Globalization;

namespace Registration.HttpBench;

/// <summary>The latencies pgbench logs per transaction, summed up as wrk's are: median and 99th percentile.</summary>
public static class PgbenchLog
{
    /// <summary>
    /// pgbench -l writes a line per transaction, <c>client transaction latency_us script epoch_s epoch_us</c>, to
    /// <c>&lt;prefix&gt;.&lt;pid&gt;</c>; the prefix is the summary's name with <c>-log</c> for <c>.txt</c>.
    /// </summary>
    public static (double? P50Ms, double? P99Ms) Latencies(string summaryPath)
    {
        var directory = Path.GetDirectoryName(summaryPath)!;
        var prefix = Path.GetFileNameWithoutExtension(summaryPath) + "-log.";
        if (!Directory.Exists(directory))
        {
            return (null, null);
        }

        var latencies = new List<double>();
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // A failed transaction logs "failed" (or "skipped") in place of its latency; it has none to count.
                if (fields.Length >= 3 && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var microseconds))
                {
                    latencies.Add(microseconds / 1000);
                }
            }
        }

        if (latencies.Count == 0)
        {
            return (null, null);
        }

        latencies.Sort();
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>Nearest rank: the smallest latency at least the given share of transactions did not exceed.</summary>
    private static double Percentile(List<double> sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];}
