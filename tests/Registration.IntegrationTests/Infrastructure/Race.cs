namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Two requests started at the same moment, for the tests of concurrent writes.</summary>
public static class Race
{
    /// <summary>Starts both requests at the same moment and waits for both.</summary>
    public static async Task<(HttpResponseMessage First, HttpResponseMessage Second)> BothAsync(
        Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>> second)
    {
        using var start = new Barrier(2);
        var a = Task.Run(() => { start.SignalAndWait(); return first(); });
        var b = Task.Run(() => { start.SignalAndWait(); return second(); });
        return (await a, await b);
    }
}
