using System.Buffers.Text;
using System.Text.Json;
using FastEndpoints;
using FluentValidation;

namespace Registration.Api.Platform.Pagination;

/// <summary>A page of a list: the items and, when more follow, an opaque cursor for the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Query parameters every list takes.</summary>
public abstract class PageRequest
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>How many items to return, 1 to 200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page; omit it for the first page.</summary>
    [QueryParam]
    public string? Cursor { get; init; }

    public int Take => Limit ?? DefaultLimit;
}

public static class PageRules
{
    public static void AddPageRules<T>(this AbstractValidator<T> validator)
        where T : PageRequest
    {
        validator.RuleFor(r => r.Limit).InclusiveBetween(1, PageRequest.MaxLimit).When(r => r.Limit is not null)
            .WithMessage($"limit must be between 1 and {PageRequest.MaxLimit}.");
        validator.RuleFor(r => r.Cursor).Must(c => c is null || Keyset.TryDecode(c, out _))
            .WithMessage("cursor is not a cursor this API issued; start again without it.");
    }
}

/// <summary>
/// Keyset cursors: the sort key and id of the last item of a page, base64url-encoded JSON. Opaque to clients;
/// stable under concurrent inserts because the next page starts strictly after that position.
/// </summary>
public static class Keyset
{
    public sealed record Position(string Key, Guid Id);

    public static string Encode(string key, Guid id) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Position(key, id)));

    public static bool TryDecode(string cursor, out Position position)
    {
        position = new Position("", Guid.Empty);
        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);
            var decoded = JsonSerializer.Deserialize<Position>(bytes);
            if (decoded is null || decoded.Key is null || decoded.Id == Guid.Empty)
            {
                return false;
            }

            position = decoded;
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    public static Position Decode(string cursor) =>
        TryDecode(cursor, out var position) ? position : throw new FormatException("Invalid cursor.");

    /// <summary>Fetch one more than the limit to learn whether another page follows.</summary>
    public static Page<TOut> ToPage<TIn, TOut>(List<TIn> fetched, int limit, Func<TIn, TOut> map, Func<TIn, (string Key, Guid Id)> position)
    {
        var hasMore = fetched.Count > limit;
        var items = fetched.Take(limit).ToList();
        string? next = null;
        if (hasMore)
        {
            var (key, id) = position(items[^1]);
            next = Encode(key, id);
        }

        return new Page<TOut>(items.ConvertAll(i => map(i)), next);
    }
}
