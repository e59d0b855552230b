using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Registration.UnitTests.Matching;

/// <summary>
/// Builds small PDFs in memory for tests. Text uses the standard-14 Helvetica font, which PdfPig
/// writes with its standard encoding: printable ASCII only (even "ü" throws), so accented, Cyrillic,
/// Arabic or Chinese text is tested on <c>NoteText</c> directly rather than through a PDF.
/// </summary>
internal static class TestPdf
{
    private const double FontSize = 12;
    private const double LineHeight = 16;
    private const double LeftMargin = 50;
    private const double TopLine = 780;

    /// <summary>One A4 page with each string on its own line, top to bottom.</summary>
    public static byte[] WithLines(params string[] lines) => WithPages(lines);

    /// <summary>One A4 page per array, each string on its own line.</summary>
    public static byte[] WithPages(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            for (var index = 0; index < lines.Length; index++)
            {
                page.AddText(lines[index], FontSize, new PdfPoint(LeftMargin, TopLine - (index * LineHeight)), font);
            }
        }

        return builder.Build();
    }

    /// <summary>One A4 page with text drawn at the given positions, in the given order.</summary>
    public static byte[] WithTextAt(params (string Text, double X, double Y)[] pieces)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        foreach (var (text, x, y) in pieces)
        {
            page.AddText(text, FontSize, new PdfPoint(x, y), font);
        }

        return builder.Build();
    }

    /// <summary>A page with only a drawn rectangle and no text layer, like a scanned letter.</summary>
    public static byte[] WithoutText()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(PageSize.A4);
        page.DrawRectangle(new PdfPoint(LeftMargin, 400), 300, 200, 2, fill: true);
        return builder.Build();
    }
}
