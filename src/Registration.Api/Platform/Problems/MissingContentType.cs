using Microsoft.AspNetCore.Http.Metadata;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>
/// FastEndpoints answers a request without <c>Content-Type</c> to an endpoint that takes a body with a bare 415 it has
/// already started (so no status-code page can add a body). This answers it first, as a problem.
/// </summary>
public static class MissingContentType
{
    public static WebApplication UseMissingContentTypeProblems(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ContentType)
                && context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { } accepts
                && !accepts.ContentTypes.Contains("*/*"))
            {
                await context.WriteProblemAsync(
                    StatusCodes.Status415UnsupportedMediaType,
                    ErrorCodes.UnsupportedMediaType,
                    "Unsupported media type.",
                    $"Send the request body with a Content-Type header: {string.Join(" or ", accepts.ContentTypes)}.");
                return;
            }

            await next(context);
        });
        return app;
    }
}
