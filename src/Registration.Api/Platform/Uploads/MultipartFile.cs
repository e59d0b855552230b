using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using System.Text;
using Microsoft.Net.Http.Headers;
using Registration.Api.Domain;
using Registration.Api.Platform.Problems;

namespace Registration.Api.Platform.Uploads;

/// <summary>
/// The one file part of a <c>multipart/form-data</c> upload (a note verbale, a letter template, a missions CSV, a
/// contribution's file), read within a size limit. Every upload is read this way, so each refuses the same broken
/// bodies with the same answers.
/// </summary>
public static class MultipartFile
{
    public const string PartName = "file";
    private const int MultipartOverhead = 64 * 1024;

    /// <summary>The largest multipart body an upload may send: the file's limit and room for the multipart framing.</summary>
    public static long BodyLimit(long maxBytes) => maxBytes + MultipartOverhead;

    /// <summary>
    /// Streams the request: only the <c>file</c> part is kept, and never more than <paramref name="maxBytes"/> (plus one
    /// byte to know it was exceeded: <c>413</c>). <paramref name="what"/> names the file in messages ("the note verbale").
    /// Returns the file name as the client sent it (unsanitised) and the bytes; an empty file is refused.
    /// </summary>
    public static async Task<(string? FileName, byte[] Bytes)> ReadAsync(HttpRequest request, long maxBytes, string what, string expected, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = BodyLimit(maxBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"Send {what} as multipart/form-data with one part named 'file' holding {expected}.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        (string? Name, byte[] Bytes)? file = null;
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

                var bytes = await ReadBoundedAsync(section.Body, maxBytes, what, ct);
                file = (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value, bytes);
            }
        }
        catch (Exception broken) when (broken is InvalidDataException || (broken is IOException and not BadHttpRequestException && !ct.IsCancellationRequested && !ClientDisconnects.IsReset(broken)))
        {
            // A part header over 16 KB (InvalidDataException), a body that ends before its closing boundary (IOException),
            // and the like. Kestrel's own refusals (BadHttpRequestException, 413 included) and a client that went away
            // (the request is aborted) are not the body's fault: they go on to the failure handler.
            throw DomainFailure.Invalid("body", $"The multipart/form-data body is malformed: {broken.Message.Trim()}");
        }

        if (file is not { } received)
        {
            throw DomainFailure.Invalid(PartName, $"A part named 'file' holding {expected} is required.");
        }

        return received.Bytes.Length == 0 ? throw DomainFailure.Invalid(PartName, "The file is empty.") : received;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, string what, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new DomainFailure(FailureKind.PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                    $"{char.ToUpperInvariant(what[0])}{what[1..]} exceeds the limit of {limit / (1024.0 * 1024.0):0.#} MB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Keeps the name a person would recognise, without paths, quoting characters, or anything that could disguise it:
    /// control and format characters (bidirectional overrides such as U+202E included) and lone surrogates are dropped,
    /// as <see cref="Text.StorableText.CleanName"/> does. The name always ends in <paramref name="extension"/>, since
    /// the file's bytes decided what it is whatever it was called: <c>"\u202Efdp.exe"</c> becomes <c>fdp.exe.pdf</c>.
    /// </summary>
    public static string SafeFileName(string? name, string extension, string fallbackStem, int maxLength)
    {
        var leaf = Text.StorableText.CleanName(name ?? "").Replace('\\', '/');
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
            return fallbackStem + extension;
        }

        if (!result.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            result += extension;
        }

        if (result.Length > maxLength)
        {
            var stem = result[..(maxLength - extension.Length)];
            result = (char.IsHighSurrogate(stem[^1]) ? stem[..^1] : stem) + extension;
        }

        return result;
    }
}
