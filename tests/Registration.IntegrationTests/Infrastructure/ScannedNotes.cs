using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Scanned notes verbales, made the way a scan is: a note written with PdfPig (DejaVu Sans, for Latin with diacritics,
/// Cyrillic and Arabic), rasterised with <c>pdftoppm</c>, turned a little and sprinkled with specks like a photocopy,
/// and wrapped as one image per page in a new PDF that has no text layer at all.
/// </summary>
public static class ScannedNotes
{
    private const double FontSize = 13;
    private const double LineHeight = 19;
    private const double LeftMargin = 60;
    private const double TopLine = 770;

    // Debian's fonts-dejavu-core (scripts/test installs it with the OCR tools).
    private static readonly Lazy<byte[]> Font = new(() => File.ReadAllBytes("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));

    /// <summary>A one-page scan of a note naming the given people.</summary>
    public static byte[] Naming(params string[] people) => Pages([.. Letter(people)]);

    /// <summary>The usual wording of a note around the given lines.</summary>
    public static string[] Letter(params string[] people) =>
    [
        "The Permanent Mission presents its compliments to the United Nations",
        "Office on Drugs and Crime and has the honour to communicate",
        "the composition of its delegation:",
        "",
        .. people,
        "",
        "The Permanent Mission avails itself of this opportunity to renew",
        "the assurances of its highest consideration.",
    ];

    /// <summary>A scan of one blank page (with a speck or two of dust).</summary>
    public static byte[] Blank() => Pages(Array.Empty<string>());

    /// <summary>A scan with one page per array of lines (an empty array is a blank page).</summary>
    public static byte[] Pages(params string[][] pages) => Scan(Written(pages));

    /// <summary>The note as written, with its text layer.</summary>
    public static byte[] Written(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddTrueTypeFont(Font.Value);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);

            // A speck of dust: a page must draw something to be written at all.
            page.DrawRectangle(new PdfPoint(297, 30), 1, 1, 0.5, fill: true);
            for (var index = 0; index < lines.Length; index++)
            {
                if (lines[index].Length > 0)
                {
                    page.AddText(Visual(lines[index]), FontSize, new PdfPoint(LeftMargin, TopLine - (index * LineHeight)), font);
                }
            }
        }

        return builder.Build();
    }

    /// <summary>The PDF rasterised at <paramref name="dpi"/>, each page turned by <paramref name="degrees"/> and specked, as images only.</summary>
    public static byte[] Scan(byte[] written, int dpi = 200, double degrees = 0.6, double specks = 0.002, int seed = 15)
    {
        var folder = Directory.CreateTempSubdirectory("registration-test-scan-");
        try
        {
            var source = Path.Combine(folder.FullName, "written.pdf");
            File.WriteAllBytes(source, written);
            Run("pdftoppm", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", source, Path.Combine(folder.FullName, "page"));
            var random = new Random(seed);
            var images = Directory.GetFiles(folder.FullName, "page*.pgm").Order(StringComparer.Ordinal)
                .Select(file => Specked(Turned(Pgm.Read(File.ReadAllBytes(file)), degrees), specks, random))
                .ToList();
            return ImagePdf(images);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {errors}");
        }
    }

    /// <summary>A greyscale image, one byte a pixel (0 black, 255 white).</summary>
    public sealed record Gray(int Width, int Height, byte[] Pixels);

    private static class Pgm
    {
        // Binary PGM (P5) as pdftoppm writes it: "P5\n<width> <height>\n255\n" and the pixels.
        public static Gray Read(byte[] file)
        {
            var position = 0;
            string Next()
            {
                while (char.IsWhiteSpace((char)file[position]))
                {
                    position++;
                }

                var start = position;
                while (!char.IsWhiteSpace((char)file[position]))
                {
                    position++;
                }

                return Encoding.ASCII.GetString(file, start, position - start);
            }

            if (Next() != "P5")
            {
                throw new InvalidDataException("Not a binary PGM.");
            }

            var width = int.Parse(Next(), CultureInfo.InvariantCulture);
            var height = int.Parse(Next(), CultureInfo.InvariantCulture);
            _ = Next(); // 255
            position++; // the single white space before the pixels
            return new Gray(width, height, file[position..(position + (width * height))]);
        }
    }

    // Turned about the centre, sampling the nearest pixel; what comes in from outside the page is white.
    private static Gray Turned(Gray image, double degrees)
    {
        if (degrees == 0)
        {
            return image;
        }

        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var (cx, cy) = (image.Width / 2.0, image.Height / 2.0);
        var turned = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var sx = (int)Math.Round((cos * (x - cx)) + (sin * (y - cy)) + cx);
                var sy = (int)Math.Round((-sin * (x - cx)) + (cos * (y - cy)) + cy);
                turned[(y * image.Width) + x] = sx >= 0 && sx < image.Width && sy >= 0 && sy < image.Height
                    ? image.Pixels[(sy * image.Width) + sx]
                    : (byte)255;
            }
        }

        return image with { Pixels = turned };
    }

    // Salt and pepper: a share of the pixels turned black or white at random, like the dust of a photocopier.
    private static Gray Specked(Gray image, double share, Random random)
    {
        var pixels = (byte[])image.Pixels.Clone();
        var count = (int)(pixels.Length * share);
        for (var i = 0; i < count; i++)
        {
            pixels[random.Next(pixels.Length)] = random.Next(2) == 0 ? (byte)0 : (byte)255;
        }

        return image with { Pixels = pixels };
    }

    /// <summary>A PDF of A4 pages each showing one greyscale image (Flate-compressed), and nothing else: no font, no text.</summary>
    public static byte[] ImagePdf(IReadOnlyList<Gray> images)
    {
        var objects = new List<byte[]>();
        byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
        var pageIds = Enumerable.Range(0, images.Count).Select(i => 3 + (i * 3)).ToList();
        objects.Add(Ascii("<< /Type /Catalog /Pages 2 0 R >>"));
        objects.Add(Ascii($"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] /Count {images.Count} >>"));
        foreach (var (image, index) in images.Select((image, index) => (image, index)))
        {
            var (page, contents, picture) = (pageIds[index], pageIds[index] + 1, pageIds[index] + 2);
            objects.Add(Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im{index} {picture} 0 R >> >> /Contents {contents} 0 R >>"));
            objects.Add(Stream($"q 595 0 0 842 0 0 cm /Im{index} Do Q", ""));
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(image.Pixels);
            }

            objects.Add(Stream(compressed.ToArray(),
                $"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode "));
        }

        using var pdf = new MemoryStream();
        pdf.Write(Ascii("%PDF-1.4\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Ascii($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write(Ascii("\nendobj\n"));
        }

        var xref = pdf.Position;
        pdf.Write(Ascii($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            pdf.Write(Ascii($"{offset:D10} 00000 n \n"));
        }

        pdf.Write(Ascii($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        return pdf.ToArray();

        byte[] Stream(object content, string dictionary)
        {
            var bytes = content as byte[] ?? Ascii((string)content);
            return [.. Ascii($"<< {dictionary}/Length {bytes.Length} >>\nstream\n"), .. bytes, .. Ascii("\nendstream")];
        }
    }

    /// <summary>
    /// PdfPig draws characters one after the other, left to right, as they come: Arabic must be given to it as it is
    /// seen, each letter in its joined form and the line in visual order. Text without Arabic is left as it is.
    /// </summary>
    internal static string Visual(string line) => line.Any(c => ArabicForms.ContainsKey(c)) ? ArabicShaping.Shape(line) : line;

    // Isolated, final, initial, medial presentation forms of the Arabic letters the tests use; letters that never join
    // the next one (alef, dal, ...) have no initial or medial form.
    private static readonly Dictionary<char, (char Isolated, char Final, char? Initial, char? Medial)> ArabicForms = new()
    {
        ['\u0627'] = ('\uFE8D', '\uFE8E', null, null),           // alef
        ['\u0623'] = ('\uFE83', '\uFE84', null, null),           // alef with hamza above
        ['\u062D'] = ('\uFEA1', '\uFEA2', '\uFEA3', '\uFEA4'),   // hah
        ['\u0645'] = ('\uFEE1', '\uFEE2', '\uFEE3', '\uFEE4'),   // meem
        ['\u062F'] = ('\uFEA9', '\uFEAA', null, null),           // dal
        ['\u0633'] = ('\uFEB1', '\uFEB2', '\uFEB3', '\uFEB4'),   // seen
        ['\u0646'] = ('\uFEE5', '\uFEE6', '\uFEE7', '\uFEE8'),   // noon
        ['\u0644'] = ('\uFEDD', '\uFEDE', '\uFEDF', '\uFEE0'),   // lam
        ['\u0631'] = ('\uFEAD', '\uFEAE', null, null),           // reh
        ['\u064A'] = ('\uFEF1', '\uFEF2', '\uFEF3', '\uFEF4'),   // yeh
        ['\u0639'] = ('\uFEC9', '\uFECA', '\uFECB', '\uFECC'),   // ain
        ['\u0628'] = ('\uFE8F', '\uFE90', '\uFE91', '\uFE92'),   // beh
        ['\u0648'] = ('\uFEED', '\uFEEE', null, null),           // waw
        ['\u0629'] = ('\uFE93', '\uFE94', null, null),           // teh marbuta
    };

    private static class ArabicShaping
    {
        // A line wholly in Arabic (the tests' Arabic lines are): each word shaped, then the words and letters reversed.
        public static string Shape(string line)
        {
            var words = line.Split(' ').Select(ShapeWord).Reverse();
            return string.Join(' ', words);
        }

        private static string ShapeWord(string word)
        {
            var shaped = new char[word.Length];
            for (var i = 0; i < word.Length; i++)
            {
                var forms = ArabicForms.TryGetValue(word[i], out var known)
                    ? known
                    : throw new ArgumentException($"Add U+{(int)word[i]:X4} to the test's Arabic forms.", nameof(word));
                var joinsPrevious = i > 0 && ArabicForms.TryGetValue(word[i - 1], out var previous) && previous.Initial is not null;
                var joinsNext = i + 1 < word.Length && forms.Initial is not null && ArabicForms.ContainsKey(word[i + 1]);
                shaped[i] = (joinsPrevious, joinsNext) switch
                {
                    (true, true) => forms.Medial!.Value,
                    (true, false) => forms.Final,
                    (false, true) => forms.Initial!.Value,
                    _ => forms.Isolated,
                };
            }

            Array.Reverse(shaped);
            return new string(shaped);
        }
    }
}
