using Microsoft.Net.Http.Headers;

namespace Registration.Api.Platform.Uploads;

/// <summary>How the API answers with a file: as an attachment under a safe name, never sniffed, never cached by proxies.</summary>
public static class FileAnswer
{
    public static async Task SendAsync(HttpResponse response, byte[] bytes, string contentType, string fileName, string? sha256, CancellationToken ct, bool isPublic = false)
    {
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        response.Headers.ContentDisposition = disposition.ToString();
        if (sha256 is not null)
        {
            response.Headers.ETag = $"\"{sha256.Trim()}\"";
        }

        response.Headers.XContentTypeOptions = "nosniff";
        // A published file may be cached for a short while, never for long: a State may withdraw it at any time.
        response.Headers.CacheControl = isPublic ? "public, max-age=60" : "private, no-store";
        await response.Body.WriteAsync(bytes, ct);
    }
}
