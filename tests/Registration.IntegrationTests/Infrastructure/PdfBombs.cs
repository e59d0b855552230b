using System.IO.Compression;
using System.Text;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Hand-written PDFs whose streams inflate far beyond their size, as an attacker would write them: generated in the
/// test, never committed. Each is a valid PDF that PdfPig opens.
/// </summary>
public static class PdfBombs
{
    /// <summary>One page whose content stream inflates to <paramref name="bytes"/> of text-showing operators.</summary>
    public static byte[] Text(int bytes) => Pages(1, Repeat("BT /F1 12 Tf 50 800 Td (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj ET\n", bytes));

    /// <summary>One page whose content stream inflates to <paramref name="bytes"/> of graphics operators (no text).</summary>
    public static byte[] Content(int bytes) => Pages(1, Repeat("q 1 0 0 1 0 0 cm Q\n", bytes));

    /// <summary><paramref name="pages"/> pages that share one content stream of <paramref name="bytes"/>.</summary>
    public static byte[] SharedContent(int pages, int bytes) => Pages(pages, Repeat("q 1 0 0 1 0 0 cm Q\n", bytes));

    /// <summary>One small page drawing a form XObject <paramref name="times"/> times; the form holds <paramref name="formBytes"/> of drawing.</summary>
    public static byte[] RepeatedForm(int times, int formBytes)
    {
        var form = Stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", Repeat("0 0 m 1 1 l S\n", formBytes));
        return Build(1, Stream("", Repeat("/X Do\n", times * 6)), extraResources: "/XObject << /X 5 0 R >>", extraObjects: [form]);
    }

    /// <summary>A page using a TrueType font whose embedded program inflates to <paramref name="bytes"/>.</summary>
    public static byte[] Font(int bytes)
    {
        var font = "<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 65 /LastChar 65 /Widths [600] /FontDescriptor 6 0 R >>";
        var descriptor = "<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>";
        var program = Stream($"/Length1 {bytes}", new byte[bytes]);
        return Build(1, Stream("", Encoding.ASCII.GetBytes("BT /F2 12 Tf 50 800 Td (A) Tj ET\n")), extraResources: "", fonts: "/F2 5 0 R",
            extraObjects: [Encoding.ASCII.GetBytes(font), Encoding.ASCII.GetBytes(descriptor), program]);
    }

    /// <summary>
    /// A page whose font maps one code to U+0000 (as a broken font can), drawn after "Berger": "Ms. Anna Berger" + U+0000 + ", Counsellor".
    /// </summary>
    public static byte[] NulCharacter()
    {
        var cmap = """
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CMapName /Nul def /CMapType 2 def
            1 begincodespacerange <00> <FF> endcodespacerange
            1 beginbfchar <7E> <0000> endbfchar
            1 beginbfrange <20> <7D> <0020> endbfrange
            endcmap CMapName currentdict /CMap defineresource pop end end
            """;
        // Widths and a descriptor make PdfPig read the font's own dictionary (ToUnicode included), not only the standard 14 metrics.
        var font = $"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [{string.Join(' ', Enumerable.Repeat(500, 95))}] /ToUnicode 6 0 R /FontDescriptor 7 0 R >>";
        var descriptor = "<< /Type /FontDescriptor /FontName /Helvetica /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>";
        return Build(1, Stream("", Encoding.ASCII.GetBytes("BT /F2 12 Tf 50 800 Td (Ms. Anna Berger~, Counsellor) Tj ET\n")), extraResources: "", fonts: "/F2 5 0 R",
            extraObjects: [Encoding.ASCII.GetBytes(font), Stream("", Encoding.ASCII.GetBytes(cmap)), Encoding.ASCII.GetBytes(descriptor)]);
    }

    private static byte[] Pages(int pages, byte[] content) => Build(pages, Stream("", content));

    private static byte[] Repeat(string pattern, int bytes)
    {
        var unit = Encoding.ASCII.GetBytes(pattern);
        var result = new byte[bytes];
        for (var i = 0; i < bytes; i += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, bytes - i)).CopyTo(result.AsSpan(i));
        }

        return result;
    }

    /// <summary>A Flate-compressed stream object.</summary>
    private static byte[] Stream(string dictionary, byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        var head = Encoding.ASCII.GetBytes($"<< {dictionary} /Filter /FlateDecode /Length {compressed.Length} >>\nstream\n");
        return [.. head, .. compressed.ToArray(), .. "\nendstream"u8];
    }

    // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 the shared content stream, 5.. extra objects, then the pages.
    private static byte[] Build(int pages, byte[] content, string extraResources = "", string fonts = "", byte[][]? extraObjects = null)
    {
        var extra = extraObjects ?? [];
        var firstPage = 5 + extra.Length;
        var kids = string.Join(' ', Enumerable.Range(firstPage, pages).Select(n => $"{n} 0 R"));
        var objects = new List<byte[]>
        {
            Encoding.ASCII.GetBytes("<< /Type /Catalog /Pages 2 0 R >>"),
            Encoding.ASCII.GetBytes($"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
            Encoding.ASCII.GetBytes("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            content,
        };
        objects.AddRange(extra);
        for (var i = 0; i < pages; i++)
        {
            objects.Add(Encoding.ASCII.GetBytes(
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R {fonts} >> {extraResources} >> /Contents 4 0 R >>"));
        }

        using var pdf = new MemoryStream();
        pdf.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }

        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append($"{offset:D10} 00000 n \n");
        }

        table.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return pdf.ToArray();
    }
}
