using System.Collections.Concurrent;

namespace Registration.Api.Domain;

/// <summary>
/// A thread-safe memo of values that never change for their key, holding at most <c>capacity</c> entries: when full it
/// starts over. Crude, but the values are cheap to make again, and a bound is all that matters.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> entries = new();

    public TValue GetOrAdd<TArg>(TKey key, TArg argument, Func<TKey, TArg, TValue> create)
    {
        if (entries.TryGetValue(key, out var found))
        {
            return found;
        }

        if (entries.Count >= capacity)
        {
            entries.Clear();
        }

        return entries.GetOrAdd(key, create, argument);
    }
}
