using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>The <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest JSON request body, in bytes (default 256 KB: a delegate or an event is a few kilobytes).</summary>
    public long MaxJsonBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>
/// What a request body must be before anything reads it, by what the endpoint takes:
/// <list type="bullet">
/// <item>Without <c>Content-Type</c> to an endpoint that takes a body: FastEndpoints would answer a bare 415 it has
/// already started (so no status-code page could add a body). This answers it first, as a problem.</item>
/// <item>JSON bodies have an explicit limit, far below the server's default: a body over it is refused with a
/// <c>413 payload-too-large</c> problem before anything reads it. File uploads keep their own, larger limit, set here
/// too, before anything (the idempotency check, which reads the body first) reads them.</item>
/// </list>
/// Endpoints that take no body (most reads) pass straight through, without an asynchronous step of their own.
/// </summary>
public static class RequestBodyRules
{
    public static WebApplication UseRequestBodyRules(this WebApplication app)
    {
        var limit = app.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.MaxJsonBodyBytes ?? new ApiOptions().MaxJsonBodyBytes;
        app.Use((context, next) =>
        {
            var metadata = context.GetEndpoint()?.Metadata;
            if (metadata is null)
            {
                return next(context);
            }

            var accepts = metadata.GetMetadata<IAcceptsMetadata>();
            var form = metadata.GetMetadata<OpenApi.MultipartForm>();
            var upload = metadata.GetMetadata<OpenApi.FileUpload>();
            return accepts is null && form is null && upload is null
                ? next(context)
                : ApplyAsync(context, next, limit, accepts, form, upload);
        });
        return app;
    }

    private static async Task ApplyAsync(
        HttpContext context, RequestDelegate next, long jsonLimit, IAcceptsMetadata? accepts, OpenApi.MultipartForm? form, OpenApi.FileUpload? upload)
    {
        if (accepts is not null
            && !context.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ContentType)
            && !accepts.ContentTypes.Contains("*/*"))
        {
            await context.WriteProblemAsync(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                "Unsupported media type.",
                $"Send the request body with a Content-Type header: {string.Join(" or ", accepts.ContentTypes)}.");
            return;
        }

        var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (accepts is not null && accepts.ContentTypes.Any(type => type.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            if (context.Request.ContentLength > jsonLimit)
            {
                await context.WriteProblemAsync(
                    StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large.", $"A JSON request body may hold at most {jsonLimit / 1024} KB.");
                return;
            }

            // A body without Content-Length (chunked) is cut off by the server at the same limit.
            size?.MaxRequestBodySize = jsonLimit;
        }
        else if (form is not null)
        {
            size?.MaxRequestBodySize = form.BodyLimit(context.RequestServices);
        }
        else if (upload is not null)
        {
            size?.MaxRequestBodySize = Uploads.MultipartFile.BodyLimit(upload.MaxBytes(context.RequestServices));
        }

        await next(context);
    }
}
