using System.Diagnostics;
using System.Globalization;
using System.Text;
using Registration.Api.Platform.Text;

namespace Registration.Api.Platform.Ocr;

/// <summary>One page as OCR read it: its text, one recognised line per <c>'\n'</c>, and how long rendering and reading took.</summary>
public sealed record OcrPage(int Number, string Text, TimeSpan Elapsed);

/// <summary>
/// Reads the pages of a PDF that have no text layer: <c>pdftoppm</c> renders each page to a greyscale PNG at
/// <see cref="OcrOptions.Dpi"/> in a folder of its own, <c>tesseract</c> reads it in the configured languages and
/// writes TSV (each word with its line), from which the lines are rebuilt. Each page has its own deadline
/// (<see cref="OcrOptions.SecondsPerPage"/>) covering both programs; the folder is removed whatever happens.
/// </summary>
public sealed class OcrReader(OcrOptions options)
{
    // Tesseract would start a thread per core for each page; the job server already runs jobs side by side.
    private static readonly Dictionary<string, string> TesseractEnvironment = new() { ["OMP_THREAD_LIMIT"] = "1" };

    /// <summary>Reads <paramref name="pages"/> (numbered from 1) of <paramref name="pdf"/>, in order.</summary>
    /// <exception cref="ExternalProcessException">A program could not start, failed or ran past the page's deadline.</exception>
    public async Task<IReadOnlyList<OcrPage>> ReadAsync(ReadOnlyMemory<byte> pdf, IReadOnlyList<int> pages, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("registration-ocr-");
        try
        {
            var document = Path.Combine(folder.FullName, "note.pdf");
            await File.WriteAllBytesAsync(document, pdf, ct);
            var read = new List<OcrPage>(pages.Count);
            foreach (var number in pages)
            {
                read.Add(await ReadPageAsync(document, folder.FullName, number, ct));
            }

            return read;
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A killed program may still hold a file for a moment; the temporary folder is the system's to clean.
            }
        }
    }

    private async Task<OcrPage> ReadPageAsync(string document, string folder, int number, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var image = Path.Combine(folder, $"page-{number}");
        var rendered = await ExternalProcess.RunAsync(
            options.PdftoppmPath,
            ["-r", options.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-png", "-f", Num(number), "-l", Num(number), "-singlefile", document, image],
            options.PageTimeout,
            ct);
        Check(rendered, "pdftoppm", number);

        var remaining = options.PageTimeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new ExternalProcessException($"Rendering page {number} took longer than {options.SecondsPerPage:0.###} s.");
        }

        var recognised = await ExternalProcess.RunAsync(
            options.TesseractPath,
            [image + ".png", "stdout", "-l", options.Languages, "--dpi", options.Dpi.ToString(CultureInfo.InvariantCulture), "tsv"],
            remaining,
            ct,
            TesseractEnvironment);
        Check(recognised, "tesseract", number);
        File.Delete(image + ".png");
        return new OcrPage(number, LinesFromTsv(recognised.StandardOutput), Stopwatch.GetElapsedTime(started));
    }

    private static string Num(int number) => number.ToString(CultureInfo.InvariantCulture);

    private static void Check(ProcessOutput output, string program, int page)
    {
        if (output.ExitCode != 0)
        {
            var said = output.StandardError.Trim();
            throw new ExternalProcessException(
                $"{program} failed on page {page} (exit code {output.ExitCode}){(said.Length > 0 ? ": " + said[..Math.Min(said.Length, 500)] : "")}");
        }
    }

    /// <summary>
    /// Tesseract's TSV: a row per block, paragraph, line and word (level 5), with <c>block_num</c>, <c>par_num</c>,
    /// <c>line_num</c> and the word's text in the last column. Words of one line are joined by a space, lines by <c>'\n'</c>.
    /// </summary>
    internal static string LinesFromTsv(string tsv)
    {
        var text = new StringBuilder();
        (string Block, string Paragraph, string Line)? current = null;
        foreach (var row in tsv.Split('\n'))
        {
            var columns = row.TrimEnd('\r').Split('\t');
            if (columns.Length < 12 || columns[0] != "5")
            {
                continue;
            }

            var word = StorableText.Clean(columns[11]).Trim();
            if (word.Length == 0)
            {
                continue;
            }

            var line = (columns[2], columns[3], columns[4]);
            if (current is not null)
            {
                text.Append(current == line ? ' ' : '\n');
            }

            current = line;
            text.Append(word);
        }

        return text.Length > 0 ? text.Append('\n').ToString() : "";
    }
}
