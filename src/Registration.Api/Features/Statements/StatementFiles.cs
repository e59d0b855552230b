using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Registration.Api.Domain;
using Registration.Api.Platform.Files;

namespace Registration.Api.Features.Statements;

/// <summary>Serves a statement's file from the store, with HTTP range requests (a video player seeks) and its SHA-256 as the ETag.</summary>
internal static class StatementFiles
{
    /// <summary>Every media type a statement's file is served with.</summary>
    public static readonly string[] ContentTypes =
        ["video/mp4", "video/x-matroska", "video/x-msvideo", "video/mp2t", "video/ogg", WrittenDocuments.PdfType, WrittenDocuments.DocxType];

    public static async Task<FileStreamHttpResult> ServeAsync(Statement statement, IFileStore store, HttpResponse response, CancellationToken ct)
    {
        var stream = await store.OpenReadAsync(statement.StorageKey, ct);
        if (stream is null)
        {
            // The row committed but the process stopped before the file moved into place: move it now (the sweep would too).
            await store.PublishAsync(statement.StorageKey, ct);
            stream = await store.OpenReadAsync(statement.StorageKey, ct)
                ?? throw new InvalidOperationException($"The file of statement {statement.Id} is missing from the file store.");
        }

        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(
            stream,
            statement.ContentType,
            statement.FileName,
            lastModified: statement.SubmittedAt,
            entityTag: new EntityTagHeaderValue($"\"{statement.Sha256.Trim()}\""),
            enableRangeProcessing: true);
    }
}
