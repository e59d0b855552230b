using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Docx;

/// <summary>
/// Word documents (DOCX, OpenXml): checking that uploaded bytes are a plain DOCX, finding the <c>[[[FieldName]]]</c>
/// merge fields in one, and merging values into a copy. A field is found wherever Word put it: Word often splits what
/// one typed at once over several runs (a spelling mark, a change of formatting, an edit in the middle), so fields are
/// looked for in each paragraph's text as a whole, not run by run.
/// </summary>
public static partial class WordDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Most parts a DOCX may have, and most bytes they may inflate to (declared in the ZIP): a bound on what opening one costs.</summary>
    private const int MaxEntries = 2000;
    private const long MaxInflatedBytes = 64L * 1024 * 1024;

    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    [GeneratedRegex(@"\[\[\[(.*?)\]\]\]", RegexOptions.Singleline)]
    private static partial Regex Field();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex FieldName();

    /// <summary>
    /// Refuses with <c>415</c> anything but a plain DOCX, judged by its bytes: an encrypted document (an OLE compound
    /// file holding <c>EncryptionInfo</c>, as Word writes a password-protected file), a legacy <c>.doc</c> or other OLE
    /// file, a macro-enabled document or template (<c>.docm</c>, <c>.dotm</c>, or any with a <c>vbaProject</c> part), a
    /// template, and anything that is not an OpenXml word-processing package.
    /// </summary>
    public static void EnsurePlainDocx(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(OleSignature))
        {
            throw Unsupported(ContainsUtf16(bytes, "EncryptionInfo")
                ? "The document is encrypted (password-protected); save it without a password and upload it again."
                : "The file is a legacy Word document (.doc) or another OLE file, not a DOCX; save it as a Word Document (.docx).");
        }

        try
        {
            using (var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read))
            {
                if (zip.Entries.Count > MaxEntries || zip.Entries.Sum(e => e.Length) > MaxInflatedBytes)
                {
                    throw Unsupported("The document is larger than a document accepted here can be once unpacked.");
                }

                // A macro project counts wherever it lies in the package, related to the document or not.
                if (zip.Entries.Any(e => e.FullName.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)))
                {
                    throw MacroEnabled();
                }
            }

            using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false);
            if (document.DocumentType is WordprocessingDocumentType.MacroEnabledDocument or WordprocessingDocumentType.MacroEnabledTemplate
                || document.MainDocumentPart?.VbaProjectPart is not null
                || document.GetAllParts().Any(p => p.Uri.OriginalString.Contains("vbaProject", StringComparison.OrdinalIgnoreCase)))
            {
                throw MacroEnabled();
            }

            if (document.MainDocumentPart?.Document?.Body is null)
            {
                throw NotWord();
            }

            if (document.DocumentType != WordprocessingDocumentType.Document)
            {
                throw Unsupported("The file is a Word template (.dotx); save it as a Word Document (.docx).");
            }
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or System.Xml.XmlException)
        {
            throw NotWord();
        }
    }

    /// <summary>Each distinct merge field of the document, in the order first met (body, then headers, then footers).</summary>
    public static FieldScan FindFields(byte[] bytes)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false);
        var fields = new List<string>();
        var malformed = new List<string>();
        foreach (var paragraph in Paragraphs(document))
        {
            foreach (Match match in Field().Matches(string.Concat(TextsOf(paragraph).Select(t => t.Text))))
            {
                var name = match.Groups[1].Value;
                var list = FieldName().IsMatch(name) ? fields : malformed;
                if (!list.Contains(name, StringComparer.Ordinal))
                {
                    list.Add(name);
                }
            }
        }

        return new FieldScan(fields, malformed);
    }

    /// <summary>A copy of the document with every field replaced by its value (a field without one is left as it stands).</summary>
    public static byte[] Merge(byte[] template, IReadOnlyDictionary<string, string?> values)
    {
        using var output = new MemoryStream();
        output.Write(template);
        output.Position = 0;
        using (var document = WordprocessingDocument.Open(output, true))
        {
            foreach (var paragraph in Paragraphs(document))
            {
                MergeParagraph(paragraph, values);
            }
        }

        return output.ToArray();
    }

    /// <summary>The document's text, paragraph by paragraph (body, headers, footers), as a reader sees it.</summary>
    public static string TextOf(byte[] bytes)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false);
        return string.Join('\n', Paragraphs(document).Select(p => string.Concat(TextsOf(p).Select(t => t.Text))));
    }

    /// <summary>
    /// Replaces the fields of one paragraph, last first so that the positions of the earlier ones hold: the value goes
    /// into the text element where the field starts (keeping that run's formatting), and the field's other characters
    /// are cut from the elements it spans.
    /// </summary>
    private static void MergeParagraph(Paragraph paragraph, IReadOnlyDictionary<string, string?> values)
    {
        var texts = TextsOf(paragraph).ToList();
        if (texts.Count == 0)
        {
            return;
        }

        var starts = new int[texts.Count];
        var whole = new StringBuilder();
        for (var i = 0; i < texts.Count; i++)
        {
            starts[i] = whole.Length;
            whole.Append(texts[i].Text);
        }

        foreach (var match in Field().Matches(whole.ToString()).Reverse())
        {
            if (!values.TryGetValue(match.Groups[1].Value, out var value) || value is null)
            {
                continue;
            }

            var first = Array.FindLastIndex(starts, s => s <= match.Index);
            var last = Array.FindLastIndex(starts, s => s <= match.Index + match.Length - 1);
            var head = texts[first].Text[..(match.Index - starts[first])];
            var tail = texts[last].Text[(match.Index + match.Length - starts[last])..];
            for (var i = first + 1; i < last; i++)
            {
                texts[i].Text = "";
            }

            if (first == last)
            {
                Set(texts[first], head + value + tail);
            }
            else
            {
                Set(texts[first], head + value);
                Set(texts[last], tail);
            }
        }
    }

    private static void Set(WordText text, string value)
    {
        text.Text = value;
        text.Space = SpaceProcessingModeValues.Preserve; // a value that begins or ends with a space keeps it
    }

    private static IEnumerable<Paragraph> Paragraphs(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart;
        if (main is null)
        {
            return [];
        }

        IEnumerable<OpenXmlElement?> roots =
        [
            main.Document,
            .. main.HeaderParts.Select(h => h.Header),
            .. main.FooterParts.Select(f => f.Footer),
            main.FootnotesPart?.Footnotes,
            main.EndnotesPart?.Endnotes,
        ];
        return roots.OfType<OpenXmlElement>().SelectMany(r => r.Descendants<Paragraph>());
    }

    /// <summary>The paragraph's own text elements (not those of a text box's paragraphs inside it), in order.</summary>
    private static IEnumerable<WordText> TextsOf(Paragraph paragraph) =>
        paragraph.Descendants<WordText>().Where(t => t.Ancestors<Paragraph>().First() == paragraph);

    private static bool ContainsUtf16(byte[] bytes, string name) =>
        bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(name)) >= 0;

    private static DomainFailure MacroEnabled() =>
        Unsupported("The document is macro-enabled; only plain documents are accepted: save it as a Word Document (.docx), without macros.");

    private static DomainFailure NotWord() =>
        Unsupported("The file is not a Word document (DOCX); save it as a Word Document (.docx).");

    private static DomainFailure Unsupported(string detail) =>
        new(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, detail);
}

/// <summary>The fields a document uses (valid names), and text between <c>[[[</c> and <c>]]]</c> that is no field name.</summary>
public sealed record FieldScan(IReadOnlyList<string> Fields, IReadOnlyList<string> Malformed);
