using Registration.Api.Domain;
using Registration.Api.Domain.Matching;

namespace Registration.UnitTests.Matching;

/// <summary>The parsed notes' memo is bounded by what its values weigh, not by how many there are.</summary>
public sealed class BoundedCacheTests
{
    private static BoundedCache<int, string> Cache(long capacity) => new(capacity, value => value.Length);

    [Fact]
    public void A_value_is_made_once_per_key_while_it_is_kept()
    {
        var cache = Cache(100);
        var made = 0;

        var first = cache.GetOrAdd(1, "ten chars!", (_, text) => { made++; return text; });
        var second = cache.GetOrAdd(1, "other", (_, text) => { made++; return text; });

        Assert.Equal(1, made);
        Assert.Same(first, second);
        Assert.Equal(10, cache.Weight);
    }

    [Fact]
    public void The_weight_kept_never_passes_the_capacity()
    {
        var cache = Cache(100);

        for (var key = 0; key < 1_000; key++)
        {
            cache.GetOrAdd(key, new string('x', 1 + key % 30), (_, text) => text);
            Assert.InRange(cache.Weight, 0, 100);
        }

        Assert.InRange(cache.Count, 1, 99);
    }

    [Fact]
    public void A_value_heavier_than_the_whole_capacity_is_returned_but_not_kept()
    {
        var cache = Cache(100);
        cache.GetOrAdd(1, "small", (_, text) => text);

        var heavy = cache.GetOrAdd(2, new string('x', 101), (_, text) => text);

        Assert.Equal(101, heavy.Length);
        Assert.Equal(1, cache.Count);
        Assert.Equal(5, cache.Weight);
    }

    [Fact]
    public void Threads_adding_at_once_keep_the_weight_within_the_capacity()
    {
        var cache = Cache(1_000);

        Parallel.For(0, 20_000, key => cache.GetOrAdd(key % 5_000, new string('x', 1 + key % 50), (_, text) => text));

        Assert.InRange(cache.Weight, 0, 1_000);
        Assert.InRange(cache.Count, 1, 1_000);
    }

    [Fact]
    public void A_parsed_note_weighs_the_characters_it_was_parsed_from()
    {
        Assert.Equal(27, NoteText.From("Ms. Anna Berg\fMr. Jan Novák").Characters);
        Assert.Equal(0, NoteText.From(null).Characters);
    }
}
