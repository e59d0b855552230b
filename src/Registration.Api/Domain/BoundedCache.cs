using System.Collections.Concurrent;

namespace Registration.Api.Domain;

/// <summary>
/// A thread-safe memo of values that never change for their key, holding at most <c>capacity</c> units of weight (as
/// <c>weigh</c> measures a value): when a value would take it past that, it starts over; a value heavier than the whole
/// capacity is made and returned, never kept. Crude, but the values are cheap to make again, and a bound on what they
/// hold — by size, not by count, since one value may be a thousand times another — is all that matters.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(long capacity, Func<TValue, long> weigh)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> entries = new();
    private long weight;

    /// <summary>The weight of what is kept now (approximate while other threads add).</summary>
    public long Weight => Interlocked.Read(ref weight);

    public int Count => entries.Count;

    public TValue GetOrAdd<TArg>(TKey key, TArg argument, Func<TKey, TArg, TValue> create)
    {
        if (entries.TryGetValue(key, out var found))
        {
            return found;
        }

        var value = create(key, argument);
        var added = Math.Max(0, weigh(value));
        if (added > capacity)
        {
            return value;
        }

        // Adding is rare next to finding (once per key until the cache starts over), so one lock keeps the weight exact.
        lock (entries)
        {
            if (entries.TryGetValue(key, out var kept))
            {
                return kept;
            }

            if (weight + added > capacity)
            {
                entries.Clear();
                Interlocked.Exchange(ref weight, 0);
            }

            entries[key] = value;
            Interlocked.Add(ref weight, added);
        }

        return value;
    }
}
