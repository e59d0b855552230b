using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Registration.Api.Platform.Problems;

namespace Registration.Api.Platform.Idempotency;

/// <summary>
/// What makes two requests "the same request" for an idempotency key: SHA-256 over the method, the path, the query and
/// the body's bytes. A <c>multipart/form-data</c> body counts by its parts — each part's name, file name and bytes —
/// not by its raw bytes, since a client chooses a new boundary each time it builds the same upload.
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>Reads the whole body (within the request's size limit) and leaves it buffered, rewound, for the operation.</summary>
    public static async Task<string> ComputeAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, request.Method);
        Append(hash, request.Path.Value ?? "");
        Append(hash, request.QueryString.Value ?? "");

        if (await TryAppendPartsAsync(hash, request, ct))
        {
            Append(hash, "multipart");
        }
        else
        {
            request.Body.Position = 0;
            Append(hash, "body");
            Append(hash, await DigestAsync(request.Body, ct));
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The parts of a multipart/form-data body; false (nothing appended) when the body is not one or is malformed.</summary>
    private static async Task<bool> TryAppendPartsAsync(IncrementalHash hash, HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return false;
        }

        using var parts = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var parsed) ? parsed : null;
                Append(parts, "part");
                Append(parts, disposition?.Name.Value ?? "");
                Append(parts, disposition?.FileName.Value ?? "");
                Append(parts, disposition?.FileNameStar.Value ?? "");
                Append(parts, await DigestAsync(section.Body, ct));
            }
        }
        catch (Exception broken) when (broken is InvalidDataException || (broken is IOException and not BadHttpRequestException && !ct.IsCancellationRequested && !ClientDisconnects.IsReset(broken)))
        {
            // Malformed (the operation refuses it): then the raw bytes are the request.
            return false;
        }

        hash.AppendData(parts.GetHashAndReset());
        return true;
    }

    private static async Task<string> DigestAsync(Stream body, CancellationToken ct) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(body, ct));

    /// <summary>Each field with its length, so that no two sequences of fields run together into the same bytes.</summary>
    private static void Append(IncrementalHash hash, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(field);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
