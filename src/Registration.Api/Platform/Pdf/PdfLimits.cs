namespace Registration.Api.Platform.Pdf;

/// <summary>What reading one PDF may cost: an untrusted file must not hold the server or its memory.</summary>
/// <param name="MaxPages">Pages a file may have.</param>
/// <param name="MaxDecompressedBytes">
/// Decompressed bytes that reading the text needs: page content counted each time a page uses it (a content stream
/// shared by several pages, a form drawn several times), plus fonts and every other stream the reader inflates.
/// </param>
/// <param name="MaxTextLength">Characters of extracted text; the pre-flight also refuses content that shows more than twice as many bytes of text.</param>
/// <param name="MaxTime">How long extraction may run.</param>
public sealed record PdfLimits(int MaxPages, long MaxDecompressedBytes, int MaxTextLength, TimeSpan MaxTime)
{
    /// <summary>Comfortably above a real note verbale (a letter of a few pages).</summary>
    public static PdfLimits Default { get; } = new(50, 16L * 1024 * 1024, 200_000, TimeSpan.FromSeconds(10));

    /// <summary>Bytes of text strings the content may show: a two-byte (CID) font spends two bytes a character.</summary>
    public long MaxShownTextBytes => 2L * MaxTextLength;
}

/// <summary>The limit a file went beyond, as named in the problem's <c>limit</c> member.</summary>
public enum PdfLimit
{
    Pages,
    DecompressedBytes,
    TextLength,
    Time,
}

/// <summary>A PDF that would cost more to read than <see cref="PdfLimits"/> allow; nothing more is read of it.</summary>
public sealed class PdfTooComplexException(PdfLimit limit, string message) : Exception(message)
{
    public PdfLimit Limit { get; } = limit;

    /// <summary>The limit's name on the wire: <c>pages</c>, <c>decompressed-bytes</c>, <c>text-length</c>, <c>time</c>.</summary>
    public string LimitName => Limit switch
    {
        PdfLimit.Pages => "pages",
        PdfLimit.DecompressedBytes => "decompressed-bytes",
        PdfLimit.TextLength => "text-length",
        _ => "time",
    };

    internal static PdfTooComplexException Decompressed(long limit) => new(
        PdfLimit.DecompressedBytes,
        $"Reading the file would decompress more than {Megabytes(limit)} of content (the limit); a note verbale is a letter of a few pages.");

    internal static PdfTooComplexException Text(long limit) => new(
        PdfLimit.TextLength, $"The file holds more than {limit:N0} characters of text (the limit); a note verbale is a letter of a few pages.");

    internal static PdfTooComplexException Time(TimeSpan limit) => new(
        PdfLimit.Time, $"Reading the file's text took longer than {limit.TotalSeconds:0.##} s (the limit); a note verbale is a letter of a few pages.");

    internal static PdfTooComplexException Pages(int pages, int limit) => new(
        PdfLimit.Pages, $"The file has {pages:N0} pages; at most {limit:N0} are accepted (the limit).");

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
