using System.IO.Compression;
using System.Xml;
using Registration.Api.Domain;
using UglyToad.PdfPig;

namespace Registration.Api.Features.Statements;

/// <summary>
/// Written statements are PDF or DOCX, judged by their bytes: a PDF must open with PdfPig and have a page, unencrypted;
/// a DOCX must open as an Office Open XML word-processing package whose main document parses. Macro-enabled documents
/// (a <c>vbaProject.bin</c>, a macro-enabled content type) and encrypted ones (an OLE compound file, which is how Word
/// stores an encrypted DOCX) are refused. Anything else is <c>415</c>.
/// </summary>
internal static class WrittenDocuments
{
    public const string PdfType = "application/pdf";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string DocxMainPart = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const long MaxPartBytes = 64L * 1024 * 1024;

    public static (string Extension, string ContentType) Check(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        using (var file = File.OpenRead(path))
        {
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            throw Refused("The document is an encrypted (password-protected) Office file or a legacy .doc: send an unprotected DOCX or PDF.");
        }

        if (read >= 4 && head[..4].SequenceEqual("PK\u0003\u0004"u8))
        {
            CheckDocx(path);
            return (".docx", DocxType);
        }

        CheckPdf(path);
        return (".pdf", PdfType);
    }

    private static void CheckPdf(string path)
    {
        try
        {
            using var document = PdfDocument.Open(path);
            if (document.IsEncrypted)
            {
                throw Refused("The PDF is encrypted: send it without a password or permissions.");
            }

            if (document.NumberOfPages < 1)
            {
                throw Refused("The PDF has no page.");
            }
        }
        catch (Exception e) when (e is not DomainFailure)
        {
            throw Refused("A written statement is a PDF or a DOCX document; this file is neither.");
        }
    }

    private static void CheckDocx(string path)
    {
        try
        {
            using var package = ZipFile.OpenRead(path);
            if (package.Entries.Any(e => e.Name.Equals("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                throw Refused("The document contains macros: send a DOCX without macros, or a PDF.");
            }

            var types = package.GetEntry("[Content_Types].xml") ?? throw Refused("The file is a ZIP archive, not a Word document.");
            string? mainPart = null;
            using (var reader = Xml(types))
            {
                while (reader.Read())
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.LocalName is not ("Override" or "Default"))
                    {
                        continue;
                    }

                    var contentType = reader.GetAttribute("ContentType") ?? "";
                    if (contentType.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) || contentType.Contains("vbaProject", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Refused("The document is macro-enabled: send a DOCX without macros, or a PDF.");
                    }

                    if (reader.LocalName == "Override" && contentType == DocxMainPart)
                    {
                        mainPart = reader.GetAttribute("PartName")?.TrimStart('/');
                    }
                }
            }

            var main = (mainPart is null ? null : package.GetEntry(mainPart)) ?? throw Refused("The file is not a Word (DOCX) document.");
            using var document = Xml(main);
            while (document.Read())
            {
            }
        }
        catch (Exception e) when (e is not DomainFailure)
        {
            throw Refused("The file is not a readable Word (DOCX) document.");
        }
    }

    /// <summary>A package part as XML: no DTDs, no external resources, and a bounded size (a ZIP bomb is refused).</summary>
    private static XmlReader Xml(ZipArchiveEntry entry)
    {
        if (entry.Length > MaxPartBytes)
        {
            throw Refused("The document is too large once uncompressed.");
        }

        return XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxPartBytes });
    }

    private static DomainFailure Refused(string detail) => new(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, detail);
}
