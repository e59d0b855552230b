using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Registration.Api.Platform.Pdf;

/// <summary>What could be read from an uploaded file.</summary>
/// <param name="IsPdf">False when the bytes are not a PDF or cannot be parsed (also an encrypted PDF without an open password).</param>
/// <param name="HasTextLayer">False when no page has a single letter, typically a scan.</param>
/// <param name="Text">The text, one visual line per '\n'; empty without a text layer.</param>
/// <param name="PageCount">Number of pages; 0 when not a PDF.</param>
public sealed record PdfText(bool IsPdf, bool HasTextLayer, string Text, int PageCount)
{
    public static PdfText NotAPdf { get; } = new(false, false, string.Empty, 0);
}

/// <summary>Extracts the text layer of a PDF held in memory, rebuilding visual lines.</summary>
public static class PdfTextExtractor
{
    // The PDF specification lets the header start anywhere in the first 1024 bytes.
    private const int SignatureWindow = 1024;

    // Words whose baselines differ by less than this share of their height are on one line.
    private const double SameLineTolerance = 0.5;

    private static ReadOnlySpan<byte> Signature => "%PDF-"u8;

    public static PdfText Extract(ReadOnlyMemory<byte> pdf)
    {
        if (!HasSignature(pdf.Span))
        {
            return PdfText.NotAPdf;
        }

        try
        {
            using var document = PdfDocument.Open(pdf);
            var text = new StringBuilder();
            var hasLetters = false;
            foreach (var page in document.GetPages())
            {
                hasLetters |= page.Letters.Any(letter => !string.IsNullOrWhiteSpace(letter.Value));
                foreach (var line in Lines(page))
                {
                    text.Append(line).Append('\n');
                }
            }

            return new PdfText(true, hasLetters, hasLetters ? text.ToString() : string.Empty, document.NumberOfPages);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Uploads are untrusted and PdfPig throws many exception types on malformed input
            // (not only PdfDocumentFormatException): an unreadable file is simply not a PDF.
            return PdfText.NotAPdf;
        }
    }

    private static bool HasSignature(ReadOnlySpan<byte> bytes) =>
        bytes[..Math.Min(bytes.Length, SignatureWindow)].IndexOf(Signature) >= 0;

    // Content streams may draw text in any order; grouping words by baseline and sorting them
    // left to right restores the visual lines, so a hyphen at a line end stays at the line end.
    private static IEnumerable<string> Lines(Page page)
    {
        var words = page.GetWords()
            .Where(word => !string.IsNullOrWhiteSpace(word.Text))
            .OrderByDescending(Baseline)
            .ToList();

        var line = new List<Word>();
        var lineBaseline = 0.0;
        var tolerance = 0.0;
        foreach (var word in words)
        {
            if (line.Count > 0 && Math.Abs(Baseline(word) - lineBaseline) > tolerance)
            {
                yield return Join(line);
                line.Clear();
            }

            if (line.Count == 0)
            {
                lineBaseline = Baseline(word);
                tolerance = Math.Max(word.BoundingBox.Height * SameLineTolerance, 1.0);
            }

            line.Add(word);
        }

        if (line.Count > 0)
        {
            yield return Join(line);
        }
    }

    private static string Join(List<Word> line) =>
        string.Join(' ', line.OrderBy(word => word.BoundingBox.Left).Select(word => word.Text));

    private static double Baseline(Word word) =>
        word.Letters.Count > 0 ? word.Letters[0].StartBaseLine.Y : word.BoundingBox.Bottom;
}
