using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Registration.Api.Platform.Pdf;

/// <summary>
/// The decompressed bytes one PDF may still cost, and the deadline. Shared by the pre-flight and by every decode the
/// PDF reader performs. The first failure is remembered, so a failure that the reader catches and ignores is still
/// seen by the extractor when it checks between pages.
/// </summary>
internal sealed class DecodeBudget(long limit, CancellationToken cancellation)
{
    public long Limit { get; } = limit;

    public long Used { get; private set; }

    public long Remaining => Math.Max(0, Limit - Used);

    public CancellationToken Cancellation { get; } = cancellation;

    public PdfTooComplexException? Failure { get; private set; }

    public void Charge(long bytes)
    {
        Cancellation.ThrowIfCancellationRequested();
        Used = bytes > long.MaxValue - Used ? long.MaxValue : Used + bytes;
        if (Used > Limit)
        {
            throw Fail();
        }
    }

    public PdfTooComplexException Fail() => Failure ??= PdfTooComplexException.Decompressed(Limit);

    /// <summary>Starts counting afresh (after the pre-flight), keeping any failure already seen.</summary>
    public void Reset() => Used = 0;

    public void ThrowIfFailed()
    {
        Cancellation.ThrowIfCancellationRequested();
        if (Failure is not null)
        {
            throw Failure;
        }
    }
}

/// <summary>
/// PdfPig's filters, each measured before it runs: the size a stream inflates to is counted with a small buffer and
/// stops at the remaining budget, so a bomb is refused without ever being held in memory. Only then does PdfPig's own
/// filter decode it (predictors and all). Filters that cannot expand much (ASCII85, ASCIIHex) and image filters, which
/// text extraction does not run, are counted after decoding.
/// </summary>
internal sealed class BudgetedFilterProvider : IFilterProvider
{
    private readonly IFilterProvider inner = DefaultFilterProvider.Instance;
    private readonly Dictionary<IFilter, IFilter> wrapped = [];

    public BudgetedFilterProvider(DecodeBudget budget)
    {
        Budget = budget;
        foreach (var filter in inner.GetAllFilters())
        {
            wrapped[filter] = new Measured(filter, this);
        }
    }

    public DecodeBudget Budget { get; }

    /// <summary>False in the pre-flight, which does its own accounting (a stream is charged each time a page uses it).</summary>
    public bool ChargesDecodes { get; set; } = true;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => [.. inner.GetFilters(dictionary).Select(Wrap)];

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => [.. inner.GetNamedFilters(names).Select(Wrap)];

    public IReadOnlyList<IFilter> GetAllFilters() => [.. wrapped.Values];

    private IFilter Wrap(IFilter filter) => wrapped.GetValueOrDefault(filter) ?? filter;

    private sealed class Measured(IFilter filter, BudgetedFilterProvider provider) : IFilter
    {
        public bool IsSupported => filter.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            var budget = provider.Budget;
            budget.ThrowIfFailed();
            var measured = filter switch
            {
                FlateFilter => StreamSize.Inflated(input, budget),
                LzwFilter => StreamSize.Lzw(input.Span, EarlyChange(streamDictionary, filterIndex), budget),
                RunLengthFilter => StreamSize.RunLength(input.Span, budget),
                _ => -1,
            };

            var output = filter.Decode(input, streamDictionary, filterProvider, filterIndex);
            if (measured < 0 && output.Length > budget.Remaining)
            {
                throw budget.Fail();
            }

            if (provider.ChargesDecodes && IsLast(streamDictionary, filterIndex))
            {
                budget.Charge(output.Length);
            }

            return output;
        }

        private static bool EarlyChange(DictionaryToken stream, int index) =>
            !(DecodeParameterResolver.GetFilterParameters(stream, index).TryGet(NameToken.EarlyChange, out var early) && early is NumericToken { Int: 0 });

        private static bool IsLast(DictionaryToken stream, int index) =>
            !((stream.TryGet(NameToken.Filter, out var filters) || stream.TryGet(NameToken.F, out filters)) && filters is ArrayToken array)
            || index >= array.Length - 1;
    }
}

/// <summary>How large a compressed stream is once decoded, counted without keeping the output; stops past the budget.</summary>
internal static class StreamSize
{
    private const int Chunk = 64 * 1024;

    public static long Inflated(ReadOnlyMemory<byte> input, DecodeBudget budget)
    {
        // PdfPig skips the two-byte zlib header and inflates the raw deflate data; so does this.
        if (input.Length < 2)
        {
            return 0;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            using var compressed = MemoryMarshal.TryGetArray(input[2..], out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(input[2..].ToArray(), writable: false);
            using var inflate = new DeflateStream(compressed, CompressionMode.Decompress);
            long total = 0;
            while (true)
            {
                int read;
                try
                {
                    read = inflate.Read(buffer, 0, Chunk);
                }
                catch (InvalidDataException)
                {
                    return total; // corrupt: PdfPig's filter keeps what it has, or the raw bytes
                }

                if (read == 0)
                {
                    return total;
                }

                total += read;
                Check(total, budget);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>LZW (9 to 12 bit codes) keeping only each table entry's length.</summary>
    public static long Lzw(ReadOnlySpan<byte> input, bool earlyChange, DecodeBudget budget)
    {
        const int clear = 256, end = 257, first = 258, max = 4096;
        var lengths = new int[max];
        Array.Fill(lengths, 1, 0, 256);
        int next = first, bits = 9, previous = -1;
        long total = 0, position = 0, totalBits = (long)input.Length * 8;
        while (position + bits <= totalBits)
        {
            var code = 0;
            for (var i = 0; i < bits; i++, position++)
            {
                code = (code << 1) | ((input[(int)(position >> 3)] >> (7 - (int)(position & 7))) & 1);
            }

            if (code == end)
            {
                break;
            }

            if (code == clear)
            {
                (next, bits, previous) = (first, 9, -1);
                continue;
            }

            int length;
            if (previous < 0)
            {
                length = code < next ? lengths[code] : 1;
            }
            else if (code < next || code == next)
            {
                length = code < next ? lengths[code] : lengths[previous] + 1;
                if (next < max)
                {
                    lengths[next++] = lengths[previous] + 1;
                }
            }
            else
            {
                break; // corrupt
            }

            previous = code;
            total += length;
            Check(total, budget);
            var threshold = next + (earlyChange ? 1 : 0);
            bits = threshold >= 2048 ? 12 : threshold >= 1024 ? 11 : threshold >= 512 ? 10 : 9;
        }

        return total;
    }

    public static long RunLength(ReadOnlySpan<byte> input, DecodeBudget budget)
    {
        long total = 0;
        var i = 0;
        while (i < input.Length && input[i] != 128)
        {
            var length = input[i];
            total += length < 128 ? length + 1 : 257 - length;
            i += length < 128 ? length + 2 : 2;
            Check(total, budget);
        }

        return total;
    }

    private static void Check(long total, DecodeBudget budget)
    {
        if (total > budget.Remaining)
        {
            throw budget.Fail();
        }

        budget.Cancellation.ThrowIfCancellationRequested();
    }
}
