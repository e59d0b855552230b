namespace Registration.IntegrationTests.Infrastructure;

/// <summary>"Now" for the API under test, set by the tests (forwards or back) instead of sleeping.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref ticks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    /// <summary>Sets the time for the rest of a test and puts it back afterwards: <c>using var _ = clock.At(...)</c>.</summary>
    public IDisposable At(DateTimeOffset now)
    {
        var before = GetUtcNow();
        Set(now);
        return new Restore(this, before);
    }

    private sealed class Restore(TestClock clock, DateTimeOffset before) : IDisposable
    {
        public void Dispose() => clock.Set(before);
    }
}
