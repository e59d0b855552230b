using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Test files for statements, made when first needed (never committed): videos generated with ffmpeg at a tiny
/// resolution and one frame a second, so that three minutes stay a few kilobytes, and Word packages built with ZipArchive.
/// </summary>
public static class TestMedia
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("registration-media-").FullName;
    private static readonly Dictionary<string, Lazy<Task<byte[]>>> Made = [];

    /// <summary>A video of <paramref name="seconds"/> seconds (H.264 in MP4), silent.</summary>
    public static Task<byte[]> VideoAsync(int seconds) =>
        MakeAsync($"video-{seconds}.mp4", "-f", "lavfi", "-i", "color=size=16x16:rate=1", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-pix_fmt", "yuv420p");

    /// <summary>Sound without pictures, in an MP4 container: not a video.</summary>
    public static Task<byte[]> AudioOnlyAsync() =>
        MakeAsync("audio-only.mp4", "-f", "lavfi", "-i", "sine=frequency=440:duration=20", "-c:a", "aac");

    /// <summary>The first half of a 60-second MP4 (its index is written at the end, so what remains cannot be read).</summary>
    public static async Task<byte[]> TruncatedAsync()
    {
        var whole = await VideoAsync(60);
        return whole[..(whole.Length / 2)];
    }

    public static byte[] TextNamedMp4 => Encoding.UTF8.GetBytes("This is a transcript saved under the wrong name, not a video.\n");

    /// <summary>A minimal Word document (DOCX) with one paragraph; <paramref name="macroEnabled"/> makes it a DOCM with a VBA project.</summary>
    public static byte[] Docx(string text, bool macroEnabled = false)
    {
        var mainType = macroEnabled
            ? "application/vnd.ms-word.document.macroEnabled.main+xml"
            : "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + $"<Override PartName=\"/word/document.xml\" ContentType=\"{mainType}\"/></Types>");
            Write(zip, "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            Write(zip, "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + $"<w:body><w:p><w:r><w:t>{System.Security.SecurityElement.Escape(text)}</w:t></w:r></w:p></w:body></w:document>");
            if (macroEnabled)
            {
                Write(zip, "word/vbaProject.bin", "not really a VBA project");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>What Word writes for a password-protected DOCX: an OLE compound file (its signature and some bytes).</summary>
    public static byte[] EncryptedOfficeFile => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[2048]];

    private static void Write(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }

    private static Task<byte[]> MakeAsync(string name, params string[] arguments)
    {
        Lazy<Task<byte[]>> made;
        lock (Made)
        {
            if (!Made.TryGetValue(name, out made!))
            {
                made = new Lazy<Task<byte[]>>(() => RunFfmpegAsync(name, arguments));
                Made[name] = made;
            }
        }

        return made.Value;
    }

    private static async Task<byte[]> RunFfmpegAsync(string name, string[] arguments)
    {
        var output = Path.Combine(Folder, name);
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-nostdin", "-v", "error", "-y", .. arguments, output])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not make {name}: {await errors}");
        }

        return await File.ReadAllBytesAsync(output);
    }
}
