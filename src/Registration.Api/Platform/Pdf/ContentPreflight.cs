using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace Registration.Api.Platform.Pdf;

/// <summary>
/// Before any page is read, adds up what reading the pages will cost, without holding more than one stream's decoded
/// bytes: the pages; each page's content streams, counted once for every page that uses them; each form XObject,
/// counted each time the content draws it (<c>/Name Do</c>), nested forms included; and the bytes of text the content
/// shows, which bound the glyphs the reader will create. PdfPig decodes lazily and cannot be interrupted inside a
/// page, so a file beyond a limit must be refused here, before the first page is parsed.
/// </summary>
internal sealed class ContentPreflight(IPdfTokenScanner scanner, BudgetedFilterProvider decoder, PdfLimits limits)
{
    private const int MaxNesting = 32;

    private readonly Dictionary<IndirectReference, ContentScan> scans = [];
    private readonly Dictionary<IndirectReference, Cost> forms = [];
    private readonly HashSet<IndirectReference> formsInProgress = [];
    private long shownText;

    private DecodeBudget Budget => decoder.Budget;

    public void Run(PdfDocument document)
    {
        var pages = new List<(DictionaryToken Page, List<DictionaryToken> Resources)>();
        if (document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Pages, scanner, out DictionaryToken? root))
        {
            Collect(root, [], pages, new HashSet<DictionaryToken>(ReferenceEqualityComparer.Instance), 0);
        }

        decoder.ChargesDecodes = false;
        try
        {
            foreach (var (page, resources) in pages)
            {
                foreach (var content in ContentStreams(page))
                {
                    var scan = Scan(content);
                    Use(new Cost(scan.Bytes, scan.TextBytes));
                    foreach (var (name, count) in scan.Invocations)
                    {
                        Use(FormCost(name, resources, 0).Times(count));
                    }
                }
            }
        }
        finally
        {
            decoder.ChargesDecodes = true;
        }
    }

    private void Collect(DictionaryToken node, List<DictionaryToken> inherited, List<(DictionaryToken, List<DictionaryToken>)> pages, HashSet<DictionaryToken> visited, int depth)
    {
        // By reference: pages alike in every key (same parent, resources and contents) are still distinct pages.
        if (depth > MaxNesting || !visited.Add(node))
        {
            return;
        }

        var resources = node.TryGet(NameToken.Resources, scanner, out DictionaryToken? own) ? [own, .. inherited] : inherited;
        if (!node.TryGet(NameToken.Kids, scanner, out ArrayToken? kids))
        {
            pages.Add((node, resources));
            if (pages.Count > limits.MaxPages)
            {
                throw PdfTooComplexException.Pages(pages.Count, limits.MaxPages);
            }

            return;
        }

        foreach (var kid in kids.Data)
        {
            if (DirectObjectFinder.TryGet(kid, scanner, out DictionaryToken? child))
            {
                Collect(child, resources, pages, visited, depth + 1);
            }
        }
    }

    private IEnumerable<(IndirectReference? Reference, StreamToken Stream)> ContentStreams(DictionaryToken page)
    {
        if (!page.TryGet(NameToken.Contents, out var contents))
        {
            yield break;
        }

        var items = DirectObjectFinder.TryGet(contents, scanner, out ArrayToken? array) ? array.Data : [contents];
        foreach (var item in items)
        {
            if (DirectObjectFinder.TryGet(item, scanner, out StreamToken? stream))
            {
                yield return (item is IndirectReferenceToken reference ? reference.Data : null, stream);
            }
        }
    }

    private Cost FormCost(string name, IReadOnlyList<DictionaryToken> resources, int depth)
    {
        IndirectReference? found = null;
        foreach (var dictionary in resources)
        {
            if (dictionary.TryGet(NameToken.Xobject, scanner, out DictionaryToken? xobjects)
                && xobjects.Data.TryGetValue(name, out var token) && token is IndirectReferenceToken reference)
            {
                found = reference.Data;
                break;
            }
        }

        if (found is not { } form || depth > MaxNesting || formsInProgress.Contains(form))
        {
            return default; // unknown, too deep or circular: the reader skips it too
        }

        if (forms.TryGetValue(form, out var known))
        {
            return known;
        }

        StreamToken? stream;
        try
        {
            stream = DirectObjectFinder.Get<StreamToken>(form, scanner);
        }
        catch (Exception e) when (e is not (PdfTooComplexException or OperationCanceledException or OutOfMemoryException))
        {
            stream = null; // a broken reference: the reader skips it too
        }

        if (stream is null || !stream.StreamDictionary.TryGet(NameToken.Subtype, out var subtype) || !NameToken.Form.Equals(subtype))
        {
            return forms[form] = default; // an image is not decoded to read text
        }

        formsInProgress.Add(form);
        var scan = Scan((form, stream));
        var inner = stream.StreamDictionary.TryGet(NameToken.Resources, scanner, out DictionaryToken? own) ? [own, .. resources] : resources;
        var cost = new Cost(scan.Bytes, scan.TextBytes);
        foreach (var (child, count) in scan.Invocations)
        {
            cost = cost.Plus(FormCost(child, inner, depth + 1).Times(count));
        }

        formsInProgress.Remove(form);
        return forms[form] = cost;
    }

    /// <summary>Decodes one stream (refused past the remaining budget) and reads what it draws; once per stream.</summary>
    private ContentScan Scan((IndirectReference? Reference, StreamToken Stream) content)
    {
        if (content.Reference is { } reference && scans.TryGetValue(reference, out var known))
        {
            return known;
        }

        ContentScan scan;
        try
        {
            scan = ContentLexer.Scan(content.Stream.Decode(decoder).Span, Budget.Cancellation);
        }
        catch (Exception e) when (e is not (PdfTooComplexException or OperationCanceledException or OutOfMemoryException))
        {
            // A stream the reader cannot decode either (unknown filter, corrupt data): reading it costs no more than its bytes.
            scan = new ContentScan(content.Stream.Data.Length, 0, new Dictionary<string, long>());
        }

        if (content.Reference is { } key)
        {
            scans[key] = scan;
        }

        return scan;
    }

    private void Use(Cost cost)
    {
        Budget.Charge(cost.Bytes);
        shownText = Cost.Add(shownText, cost.TextBytes);
        if (shownText > limits.MaxShownTextBytes)
        {
            throw PdfTooComplexException.Text(limits.MaxTextLength);
        }
    }

    private readonly record struct Cost(long Bytes, long TextBytes)
    {
        public Cost Plus(Cost other) => new(Add(Bytes, other.Bytes), Add(TextBytes, other.TextBytes));

        public Cost Times(long count) => new(Multiply(Bytes, count), Multiply(TextBytes, count));

        public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

        private static long Multiply(long a, long count) => count != 0 && a > long.MaxValue / count ? long.MaxValue : a * count;
    }
}

/// <summary>What a content stream draws, as far as cost goes: its size, the bytes of its strings, the forms it invokes.</summary>
internal sealed record ContentScan(long Bytes, long TextBytes, IReadOnlyDictionary<string, long> Invocations);

/// <summary>
/// A small tokenizer for content streams: counts the bytes inside strings (an upper bound on the glyphs shown) and the
/// operands of <c>Do</c>. Anything it misreads (say, inside inline image data) can only make it count more.
/// </summary>
internal static class ContentLexer
{
    private const int MaxNameLength = 127;

    public static ContentScan Scan(ReadOnlySpan<byte> content, CancellationToken cancellation)
    {
        var invocations = new Dictionary<string, long>(StringComparer.Ordinal);
        long text = 0;
        string? lastName = null;
        var i = 0;
        while (i < content.Length)
        {
            if ((i & 0xFFFFF) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            var c = content[i];
            if (IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case (byte)'%':
                    while (i < content.Length && content[i] is not ((byte)'\n' or (byte)'\r'))
                    {
                        i++;
                    }

                    break;
                case (byte)'(':
                    i = SkipLiteralString(content, i + 1, ref text);
                    lastName = null;
                    break;
                case (byte)'<' when i + 1 < content.Length && content[i + 1] == '<':
                    i += 2;
                    lastName = null;
                    break;
                case (byte)'<':
                    var close = content[i..].IndexOf((byte)'>');
                    var end = close < 0 ? content.Length : i + close;
                    text += (end - i) / 2;
                    i = end + 1;
                    lastName = null;
                    break;
                case (byte)'/':
                    var nameEnd = RegularEnd(content, i + 1);
                    lastName = Encoding.Latin1.GetString(content[(i + 1)..Math.Min(nameEnd, i + 1 + MaxNameLength)]);
                    i = nameEnd;
                    break;
                case (byte)')' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}':
                    i++;
                    lastName = null;
                    break;
                default:
                    var tokenEnd = RegularEnd(content, i);
                    var token = content[i..tokenEnd];
                    if (token.SequenceEqual("Do"u8) && lastName is not null)
                    {
                        invocations[lastName] = invocations.GetValueOrDefault(lastName) + 1;
                    }

                    i = token.SequenceEqual("ID"u8) ? SkipInlineImage(content, tokenEnd) : tokenEnd;
                    lastName = null;
                    break;
            }
        }

        return new ContentScan(content.Length, text, invocations);
    }

    private static int SkipLiteralString(ReadOnlySpan<byte> content, int i, ref long text)
    {
        var depth = 1;
        while (i < content.Length)
        {
            var c = content[i++];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                break;
            }

            text++;
        }

        return i;
    }

    // Inline image data runs to "EI" between white space.
    private static int SkipInlineImage(ReadOnlySpan<byte> content, int i)
    {
        for (var at = i + 1; at + 1 < content.Length; at++)
        {
            if (content[at] == 'E' && content[at + 1] == 'I' && IsWhiteSpace(content[at - 1])
                && (at + 2 == content.Length || IsWhiteSpace(content[at + 2])))
            {
                return at + 2;
            }
        }

        return content.Length;
    }

    private static int RegularEnd(ReadOnlySpan<byte> content, int i)
    {
        while (i < content.Length && !IsWhiteSpace(content[i]) && !IsDelimiter(content[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsWhiteSpace(byte c) => c is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte c) => c is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';
}
