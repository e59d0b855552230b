using System.Text;
using UglyToad.PdfPig;
using Registration.Api.Platform.Text;
using UglyToad.PdfPig.Content;

namespace Registration.Api.Platform.Pdf;

/// <summary>What could be read from an uploaded file.</summary>
/// <param name="IsPdf">False when the bytes are not a PDF or cannot be parsed (also an encrypted PDF without an open password).</param>
/// <param name="HasTextLayer">False when no page has a single letter, typically a scan.</param>
/// <param name="Text">The text, one visual line per '\n', pages separated by <see cref="PageBreak"/>; empty without a text layer.</param>
/// <param name="PageCount">Number of pages; 0 when not a PDF.</param>
/// <param name="PagesWithText">Pages with at least one letter: fewer than <paramref name="PageCount"/> when some are scanned.</param>
public sealed record PdfText(bool IsPdf, bool HasTextLayer, string Text, int PageCount, int PagesWithText)
{
    /// <summary>Between pages in <see cref="Text"/>: a form feed, which the note's matching reads as a page break.</summary>
    public const char PageBreak = '\f';

    public static PdfText NotAPdf { get; } = new(false, false, string.Empty, 0, 0);
}

/// <summary>
/// Extracts the text layer of a PDF held in memory, rebuilding visual lines, within <see cref="PdfLimits"/>: a pre-flight
/// refuses a file whose pages would decompress or show too much before any page is parsed; every stream the reader
/// inflates is measured against the same budget first; time and text length are checked between pages and words.
/// </summary>
public static class PdfTextExtractor
{
    // The PDF specification lets the header start anywhere in the first 1024 bytes.
    private const int SignatureWindow = 1024;

    // Words whose baselines differ by less than this share of their height are on one line.
    private const double SameLineTolerance = 0.5;

    private static ReadOnlySpan<byte> Signature => "%PDF-"u8;

    /// <summary>
    /// Extracts on the thread pool, never for longer than <see cref="PdfLimits.MaxTime"/>: at the deadline the caller gets
    /// <see cref="PdfTooComplexException"/> at once, and the extraction stops at its next check.
    /// </summary>
    public static async Task<PdfText> ExtractAsync(ReadOnlyMemory<byte> pdf, PdfLimits limits, CancellationToken cancellation)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(limits.MaxTime);
        var extraction = Task.Run(() => Extract(pdf, limits, deadline.Token), CancellationToken.None);
        try
        {
            return await extraction.WaitAsync(limits.MaxTime, cancellation);
        }
        catch (TimeoutException)
        {
            await deadline.CancelAsync();
            throw PdfTooComplexException.Time(limits.MaxTime);
        }
        finally
        {
            // The extraction may still be finishing a page: dispose of the deadline and observe its end only then.
            _ = extraction.ContinueWith(
                (task, state) =>
                {
                    _ = task.Exception;
                    ((CancellationTokenSource)state!).Dispose();
                },
                deadline,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Extracts within the default limits (tests, benchmarks).</summary>
    public static PdfText Extract(ReadOnlyMemory<byte> pdf) => Extract(pdf, PdfLimits.Default, CancellationToken.None);

    /// <summary>Extracts on this thread; <paramref name="cancellation"/> is the deadline, checked cooperatively.</summary>
    /// <exception cref="PdfTooComplexException">The file is beyond one of the limits (the deadline included).</exception>
    public static PdfText Extract(ReadOnlyMemory<byte> pdf, PdfLimits limits, CancellationToken cancellation)
    {
        if (!HasSignature(pdf.Span))
        {
            return PdfText.NotAPdf;
        }

        var budget = new DecodeBudget(limits.MaxDecompressedBytes, cancellation);
        var decoder = new BudgetedFilterProvider(budget);
        try
        {
            using var document = PdfDocument.Open(pdf, new ParsingOptions { FilterProvider = decoder });
            if (document.NumberOfPages > limits.MaxPages)
            {
                throw PdfTooComplexException.Pages(document.NumberOfPages, limits.MaxPages);
            }

            new ContentPreflight(document.Structure.TokenScanner, decoder, limits).Run(document);
            budget.Reset();

            var text = new StringBuilder();
            var pagesWithText = 0;
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                budget.ThrowIfFailed();
                if (number > 1)
                {
                    text.Append(PdfText.PageBreak);
                }

                var page = document.GetPage(number);
                budget.ThrowIfFailed();
                pagesWithText += page.Letters.Any(letter => !string.IsNullOrWhiteSpace(letter.Value)) ? 1 : 0;
                foreach (var line in Lines(page, cancellation))
                {
                    text.Append(line).Append('\n');
                    if (text.Length > limits.MaxTextLength)
                    {
                        throw PdfTooComplexException.Text(limits.MaxTextLength);
                    }
                }
            }

            var hasLetters = pagesWithText > 0;
            return new PdfText(true, hasLetters, hasLetters ? text.ToString() : string.Empty, document.NumberOfPages, pagesWithText);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw PdfTooComplexException.Time(limits.MaxTime);
        }
        catch (Exception exception) when (exception is not (OutOfMemoryException or PdfTooComplexException or OperationCanceledException))
        {
            // The reader may wrap or swallow a refusal of the budget, or the deadline: either still stands.
            if (budget.Failure is { } failure)
            {
                throw failure;
            }

            if (cancellation.IsCancellationRequested)
            {
                throw PdfTooComplexException.Time(limits.MaxTime);
            }

            // Uploads are untrusted and PdfPig throws many exception types on malformed input
            // (not only PdfDocumentFormatException): an unreadable file is simply not a PDF.
            return PdfText.NotAPdf;
        }
    }

    private static bool HasSignature(ReadOnlySpan<byte> bytes) =>
        bytes[..Math.Min(bytes.Length, SignatureWindow)].IndexOf(Signature) >= 0;

    // Content streams may draw text in any order; grouping words by baseline and sorting them
    // left to right restores the visual lines, so a hyphen at a line end stays at the line end.
    private static IEnumerable<string> Lines(Page page, CancellationToken cancellation)
    {
        var words = page.GetWords()
            .Where(word => !cancellation.IsCancellationRequested && !string.IsNullOrWhiteSpace(word.Text))
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

        cancellation.ThrowIfCancellationRequested();
        if (line.Count > 0)
        {
            yield return Join(line);
        }
    }

    private static string Join(List<Word> line) =>
        string.Join(' ', line.OrderBy(word => word.BoundingBox.Left).Select(word => StorableText.Clean(word.Text)));

    private static double Baseline(Word word) =>
        word.Letters.Count > 0 ? word.Letters[0].StartBaseLine.Y : word.BoundingBox.Bottom;
}
