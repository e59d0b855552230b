using FastEndpoints;
using Registration.Api.Platform.Problems;

namespace Registration.Api.Platform.OpenApi;

public static class EndpointDocs
{
    public const string Json = "application/json";

    /// <summary>
    /// Declares exactly what an operation answers: its success status and body, and each problem status it can
    /// return. FastEndpoints' guessed defaults are cleared so that the OpenAPI document lists only real answers.
    /// </summary>
    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder builder, int successStatus, Type? successType, params int[] problemStatuses)
    {
        builder.ClearDefaultProduces();
        if (successType is null)
        {
            builder.Produces(successStatus);
        }
        else
        {
            builder.Produces(successStatus, successType, Json);
        }

        foreach (var status in problemStatuses)
        {
            builder.Produces<ProblemResponse>(status, ProblemSetup.ContentType);
        }

        return builder;
    }

    /// <summary>Marks an operation that answers with an <c>ETag</c>.</summary>
    public static RouteHandlerBuilder WithETag(this RouteHandlerBuilder builder) => builder.WithMetadata(new VersionedResource(HonoursIfMatch: false));

    /// <summary>Marks a change that answers with an <c>ETag</c> and honours <c>If-Match</c> (<c>412</c> when it does not match).</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder) => builder.WithMetadata(new VersionedResource(HonoursIfMatch: true));

    /// <summary>
    /// A <c>multipart/form-data</c> upload of one file part: <paramref name="description"/> documents the part, and
    /// <paramref name="maxBytes"/> gives the file's limit, which the body's limit is set from before anything reads it.
    /// </summary>
    public static RouteHandlerBuilder WithFileUpload(this RouteHandlerBuilder builder, string partName, string description, Func<IServiceProvider, long> maxBytes) =>
        builder.WithMetadata(new FileUpload(partName, description, maxBytes));

    /// <summary>A <c>multipart/form-data</c> body of several parts, streamed; <paramref name="bodyLimit"/> gives the whole body's limit, set before anything reads it.</summary>
    public static RouteHandlerBuilder WithMultipartForm(this RouteHandlerBuilder builder, Func<IServiceProvider, long> bodyLimit, params FormPart[] parts) =>
        builder.WithMetadata(new MultipartForm(parts, bodyLimit));

    /// <summary>An operation answering with a file of the given media type.</summary>
    public static RouteHandlerBuilder DocumentedFile(this RouteHandlerBuilder builder, string contentType, params int[] problemStatuses)
    {
        builder.ClearDefaultProduces();
        builder.Produces<Stream>(StatusCodes.Status200OK, contentType);
        foreach (var status in problemStatuses)
        {
            builder.Produces<ProblemResponse>(status, ProblemSetup.ContentType);
        }

        return builder;
    }
}

/// <summary>Files served with HTTP range requests.</summary>
public static class RangeFiles
{
    /// <summary>
    /// An operation answering with a file of one of <paramref name="contentTypes"/>, whole (<c>200</c>) or a range of it
    /// (<c>206</c>; a range beyond the file is <c>416</c> with <c>Content-Range: bytes */size</c>).
    /// </summary>
    public static RouteHandlerBuilder DocumentedRangeFile(this RouteHandlerBuilder builder, string[] contentTypes, params int[] problemStatuses)
    {
        builder.ClearDefaultProduces();
        builder.Produces<Stream>(StatusCodes.Status200OK, contentTypes[0], contentTypes[1..]);
        builder.Produces<Stream>(StatusCodes.Status206PartialContent, contentTypes[0], contentTypes[1..]);
        builder.Produces(StatusCodes.Status416RangeNotSatisfiable);
        foreach (var status in problemStatuses)
        {
            builder.Produces<ProblemResponse>(status, ProblemSetup.ContentType);
        }

        return builder;
    }
}

/// <summary>Endpoint metadata: the answer carries an ETag; <paramref name="HonoursIfMatch"/> when the operation checks If-Match.</summary>
public sealed record VersionedResource(bool HonoursIfMatch);

/// <summary>Endpoint metadata: the body is multipart/form-data with these parts, at most <paramref name="BodyLimit"/> long.</summary>
public sealed record MultipartForm(IReadOnlyList<FormPart> Parts, Func<IServiceProvider, long> BodyLimit);

/// <summary>One part of a multipart/form-data body: a file (<paramref name="Binary"/>) or a text field.</summary>
public sealed record FormPart(string Name, string Description, bool Binary = false, string? Format = null);

/// <summary>Endpoint metadata: the body is multipart/form-data with one file part of this name, at most <paramref name="MaxBytes"/> long.</summary>
public sealed record FileUpload(string PartName, string Description, Func<IServiceProvider, long> MaxBytes);
