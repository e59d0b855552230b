using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Registration.Api.Platform.Problems;
using Registration.Api.Domain;
using Registration.Api.Platform.Pdf;
using Registration.Api.Platform.Text;

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
    public const string PartName = "file";
    private const int MultipartOverhead = 64 * 1024;

    /// <summary>The largest multipart body an upload may send: the file's limit and room for the multipart framing.</summary>
    public static long BodyLimit(NoteVerbaleOptions options) => options.MaxBytes + MultipartOverhead;

    /// <summary>
    /// Streams the request: only the <c>file</c> part is kept, and never more than the limit (plus one byte to know it
    /// was exceeded). The file's own bytes decide whether it is a PDF, not its name or declared type. Its text is read
    /// within the configured limits, off the request thread and before any database transaction opens.
    /// </summary>
    public static async Task<ReceivedPdf> ReadAsync(HttpRequest request, NoteVerbaleOptions options, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = BodyLimit(options);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "Send the note verbale as multipart/form-data with one part named 'file' holding the PDF.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        (string Name, byte[] Bytes)? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition() && !disposition.IsFormDisposition()
                    || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, PartName, StringComparison.Ordinal))
                {
                    continue;
                }

                if (file is not null)
                {
                    throw DomainFailure.Invalid(PartName, "Send exactly one part named 'file'; this upload has more than one.");
                }

                var bytes = await ReadBoundedAsync(section.Body, options.MaxBytes, ct);
                file = (SafeFileName(disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value), bytes);
            }
        }
        catch (Exception broken) when (broken is InvalidDataException || (broken is IOException and not BadHttpRequestException && !ct.IsCancellationRequested && !ClientDisconnects.IsReset(broken)))
        {
            // A part header over 16 KB (InvalidDataException), a body that ends before its closing boundary (IOException),
            // and the like. Kestrel's own refusals (BadHttpRequestException, 413 included) and a client that went away
            // (the request is aborted) are not the body's fault: they go on to the failure handler.
            throw DomainFailure.Invalid("body", $"The multipart/form-data body is malformed: {broken.Message.Trim()}");
        }

        return file is { } received
            ? await CheckAsync(received.Name, received.Bytes, options, ct)
            : throw DomainFailure.Invalid(PartName, "A part named 'file' holding the PDF is required.");
    }

    private static async Task<ReceivedPdf> CheckAsync(string fileName, byte[] bytes, NoteVerbaleOptions options, CancellationToken ct)
    {
        if (bytes.Length == 0)
        {
            throw DomainFailure.Invalid(PartName, "The file is empty.");
        }

        var text = await PdfTextExtractor.ExtractAsync(bytes, options.ReadingLimits(), ct);
        if (!text.IsPdf)
        {
            throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "The file is not a readable PDF: a note verbale must be uploaded as a PDF document.");
        }

        return new ReceivedPdf(fileName, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), text);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new DomainFailure(FailureKind.PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                    $"The note verbale exceeds the limit of {limit / (1024.0 * 1024.0):0.#} MB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Keeps the name a person would recognise, without paths, quoting characters, or anything that could disguise it:
    /// control and format characters (bidirectional overrides such as U+202E included) and lone surrogates are dropped,
    /// as <see cref="StorableText.CleanName"/> does. The name always ends in <c>.pdf</c>, since the file is a PDF whatever
    /// it was called: <c>"\u202Efdp.exe"</c> becomes <c>fdp.exe.pdf</c>.
    /// </summary>
    internal static string SafeFileName(string? name)
    {
        const string extension = ".pdf";
        var leaf = StorableText.CleanName(name ?? "").Replace('\\', '/');
        leaf = leaf[(leaf.LastIndexOf('/') + 1)..];
        var safe = new StringBuilder(leaf.Length);
        foreach (var c in leaf.Normalize(NormalizationForm.FormC))
        {
            if (c is not ('"' or '<' or '>' or ':' or '*' or '?' or '|' or ';'))
            {
                safe.Append(c);
            }
        }

        var result = safe.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return "note-verbale.pdf";
        }

        if (!result.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            result += extension;
        }

        if (result.Length > NoteVerbale.MaxFileNameLength)
        {
            var stem = result[..(NoteVerbale.MaxFileNameLength - extension.Length)];
            result = (char.IsHighSurrogate(stem[^1]) ? stem[..^1] : stem) + extension;
        }

        return result;
    }
}
