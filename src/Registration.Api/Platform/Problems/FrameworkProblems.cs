namespace Registration.Api.Platform.Problems;

/// <summary>
/// Titles and details for the statuses the framework answers on its own, without an exception that says why: the same
/// title style as the API's own problems (a short sentence), and a detail that says what was wrong and what to do.
/// </summary>
internal static class FrameworkProblems
{
    public static (string Title, string Detail)? Describe(int status, HttpContext context) => status switch
    {
        StatusCodes.Status401Unauthorized => (
            "Authentication is required.",
            "Send a valid, unexpired bearer token (Authorization: Bearer <JWT>) with the claims sub and role; a delegation's token also "
            + "carries country, a participant's a verified email. Locally, scripts/token mints one."),
        StatusCodes.Status403Forbidden => (
            "The caller may not use this operation.",
            $"Your token's role may not {context.Request.Method} {context.Request.Path}; the operation's description in the OpenAPI "
            + "document says who may."),
        StatusCodes.Status404NotFound => (
            "Not found.",
            $"There is no operation at {context.Request.Path}; the OpenAPI document at /swagger/v1/swagger.json lists every path."),
        StatusCodes.Status405MethodNotAllowed => (
            "Method not allowed.",
            $"{context.Request.Path} does not accept {context.Request.Method}"
            + (context.Response.Headers.Allow is { Count: > 0 } allow ? $"; it accepts {string.Join(", ", allow.ToArray())}." : "; see the OpenAPI document.")),
        StatusCodes.Status415UnsupportedMediaType => (
            "Unsupported media type.",
            "Send the body as the operation's Content-Type says: application/json, or multipart/form-data for file uploads."),
        _ => null,
    };
}
