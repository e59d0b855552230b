using Registration.HttpBench;

namespace Registration.UnitTests.HttpBench;

/// <summary>scripts/bench-http reads pgbench's per-transaction log for the percentiles it prints beside wrk's.</summary>
public sealed class PgbenchLogTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pgbench-log-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Percentiles_come_from_every_thread_file_of_the_run_and_skip_failed_transactions()
    {
        // 100 transactions of 1..100 ms over two files (pgbench writes one per thread), one failed, and a file of
        // another operation that must not count.
        File.WriteAllLines(Path.Combine(directory, "register.pgbench-log.4100"),
            Enumerable.Range(1, 50).Select(i => $"0 {i} {i * 1000} 0 1764000000 {i}"));
        File.WriteAllLines(Path.Combine(directory, "register.pgbench-log.4100.1"),
            Enumerable.Range(51, 50).Select(i => $"1 {i} {i * 1000} 0 1764000000 {i}").Append("1 101 failed 0 1764000001 0"));
        File.WriteAllLines(Path.Combine(directory, "approve.pgbench-log.4200"), ["0 1 900000000 0 1764000000 0"]);

        var (p50, p99) = PgbenchLog.Latencies(Path.Combine(directory, "register.pgbench.txt"));

        Assert.Equal(50, p50);
        Assert.Equal(99, p99);
    }

    [Fact]
    public void A_run_without_a_log_has_no_percentiles()
    {
        Assert.Equal((null, null), PgbenchLog.Latencies(Path.Combine(directory, "event.pgbench.txt")));
    }
}
