using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Word documents built in the test with OpenXml, the way Word writes them: a paragraph is runs of text, and one typed field may be split over several.</summary>
public static class Docx
{
    /// <summary>
    /// A DOCX whose body has one paragraph per element of <paramref name="paragraphs"/>, each paragraph given as its runs
    /// (so <c>["[[[Cit", "yPR]]]"]</c> is a field split over two runs, as Word leaves it after an edit), and optionally a
    /// footer paragraph.
    /// </summary>
    public static byte[] Build(string[][] paragraphs, string[]? footer = null, WordprocessingDocumentType type = WordprocessingDocumentType.Document)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, type))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(Paragraph)));
            if (footer is not null)
            {
                var part = main.AddNewPart<FooterPart>();
                part.Footer = new Footer(Paragraph(footer));
                var id = main.GetIdOfPart(part);
                main.Document.Body!.Append(new SectionProperties(new FooterReference { Type = HeaderFooterValues.Default, Id = id }));
            }
        }

        return stream.ToArray();
    }

    /// <summary>One paragraph of plain runs; every other run bold, as formatting changes split text in real documents.</summary>
    private static Paragraph Paragraph(string[] runs) =>
        new(runs.Select((text, i) => new Run(
            i % 2 == 1 ? new RunProperties(new Bold()) : new RunProperties(),
            new Text(text) { Space = SpaceProcessingModeValues.Preserve })));

    /// <summary>A template in the seed's words, with the address block's city field split over three runs and the footer's over two.</summary>
    public static byte[] SeedTemplate() => Build(
        [
            ["Reference: ", "[[[Reference]]]"],
            ["The United Nations Office on Drugs and Crime (UNODC) presents its compliments to the ", "[[[AddressLine1PR]]]", " ", "[[[ToUNOV]]]",
             " and has the honour to draw the attention of the Government to resolutions 10/3 and 10/9."],
            ["[[[AddressLine1PR]]]"],
            ["[[[ToUNOV]]]"],
            ["[[[Ci", "tyP", "R]]], ", "[[[CountryAddressName]]]"],
            ["... as soon as possible but no later than ", "[[[DeadlineWithWeekday]]]", "."],
            ["[[[Date]]]"],
        ],
        footer: ["Vienna, ", "[[[DateWith", "Weekday]]]"]);

    /// <summary>The document's text, one line per paragraph (body, then footers), as a reader sees it.</summary>
    public static string Text(byte[] bytes)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var main = document.MainDocumentPart!;
        return string.Join("\n", main.Document!.Body!.Descendants<Paragraph>().Concat(main.FooterParts.SelectMany(f => f.Footer!.Descendants<Paragraph>()))
            .Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))));
    }
}
