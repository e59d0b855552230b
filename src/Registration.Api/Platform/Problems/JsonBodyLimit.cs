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
/// An explicit limit on JSON request bodies, far below the server's default: a body over it is refused with a
/// <c>413 payload-too-large</c> problem before anything reads it. File uploads keep their own, larger limit, set here
/// too, before anything (the idempotency check, which reads the body first) reads them.
/// </summary>
public static class JsonBodyLimit
{
    public static WebApplication UseJsonBodyLimit(this WebApplication app)
    {
        var limit = app.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.MaxJsonBodyBytes ?? new ApiOptions().MaxJsonBodyBytes;
        app.Use(async (context, next) =>
        {
            var takesJson = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
                && accepts.ContentTypes.Any(type => type.Contains("json", StringComparison.OrdinalIgnoreCase));
            if (takesJson)
            {
                if (context.Request.ContentLength > limit)
                {
                    await context.WriteProblemAsync(
                        StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The request body is too large.", $"A JSON request body may hold at most {limit / 1024} KB.");
                    return;
                }

                // A body without Content-Length (chunked) is cut off by the server at the same limit.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = limit;
                }
            }

            else if (context.GetEndpoint()?.Metadata.GetMetadata<OpenApi.MultipartForm>() is { } form
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } formSize)
            {
                formSize.MaxRequestBodySize = form.BodyLimit(context.RequestServices);
            }

            else if (context.GetEndpoint()?.Metadata.GetMetadata<OpenApi.FileUpload>() is { } upload
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } uploadSize)
            {
                uploadSize.MaxRequestBodySize = Uploads.MultipartFile.BodyLimit(upload.MaxBytes(context.RequestServices));
            }

            await next(context);
        });
        return app;
    }
}
