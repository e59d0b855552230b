using System.Security.Cryptography;
using System.Text;
using Registration.Api.Domain;
using Registration.Api.Platform.Pdf;
using Registration.Api.Platform.Text;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.NotesVerbales;

/// <summary>The <c>NotesVerbales</c> configuration section.</summary>
public sealed class NoteVerbaleOptions
{
    public const string Section = "NotesVerbales";

    /// <summary>Largest accepted PDF, in bytes (default 10 MB).</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most pages a note may have (default 50).</summary>
    public int MaxPages { get; set; } = PdfLimits.Default.MaxPages;

    /// <summary>Most bytes that reading a note's text may decompress, content used twice counted twice (default 16 MB).</summary>
    public long MaxDecompressedBytes { get; set; } = PdfLimits.Default.MaxDecompressedBytes;

    /// <summary>Most characters of text a note may hold (default 200,000).</summary>
    public int MaxTextLength { get; set; } = PdfLimits.Default.MaxTextLength;

    /// <summary>Longest that reading a note's text may take, in seconds (default 10).</summary>
    public double MaxReadingSeconds { get; set; } = PdfLimits.Default.MaxTime.TotalSeconds;

    /// <summary>The configured <see cref="MaxBytes"/>, for the upload's metadata.</summary>
    public static long MaxBytesOf(IServiceProvider services) => services.GetRequiredService<NoteVerbaleOptions>().MaxBytes;

    public PdfLimits ReadingLimits() => new(MaxPages, MaxDecompressedBytes, MaxTextLength, TimeSpan.FromSeconds(MaxReadingSeconds));

    public NoteVerbaleOptions Validate()
    {
        if (MaxBytes <= 0 || MaxPages <= 0 || MaxDecompressedBytes <= 0 || MaxTextLength <= 0 || MaxReadingSeconds <= 0)
        {
            throw new InvalidOperationException(
                $"{Section}: MaxBytes, MaxPages, MaxDecompressedBytes, MaxTextLength and MaxReadingSeconds must be positive.");
        }

        return this;
    }
}

/// <summary>A PDF received from a multipart upload, read within the size limit and checked to be a real PDF.</summary>
internal sealed record ReceivedPdf(string FileName, byte[] Bytes, string Sha256, PdfText Text)
{
    public const string PartName = MultipartFile.PartName;

    /// <summary>
    /// Streams the request within the size limit (<see cref="MultipartFile"/>). The file's own bytes decide whether it
    /// is a PDF, not its name or declared type. Its text is read within the configured limits, off the request thread
    /// and before any database transaction opens.
    /// </summary>
    public static async Task<ReceivedPdf> ReadAsync(HttpRequest request, NoteVerbaleOptions options, CancellationToken ct)
    {
        var (name, bytes) = await MultipartFile.ReadAsync(request, options.MaxBytes, "the note verbale", "the PDF", ct);
        var text = await PdfTextExtractor.ExtractAsync(bytes, options.ReadingLimits(), ct);
        if (!text.IsPdf)
        {
            throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "The file is not a readable PDF: a note verbale must be uploaded as a PDF document.");
        }

        return new ReceivedPdf(SafeFileName(name), bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), text);
    }

    /// <summary>The name a person would recognise, ending in <c>.pdf</c> (<see cref="MultipartFile.SafeFileName"/>).</summary>
    internal static string SafeFileName(string? name) => MultipartFile.SafeFileName(name, ".pdf", "note-verbale", NoteVerbale.MaxFileNameLength);
}
