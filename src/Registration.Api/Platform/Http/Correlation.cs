using System.Diagnostics;

namespace Registration.Api.Platform.Http;

/// <summary>
/// One id per request, the W3C trace id the logs carry in their scope: answered in the <c>X-Correlation-Id</c> header
/// and as every problem's <c>traceId</c>, so a report from a client leads to the server's log lines.
/// </summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";

    public static string IdOf(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    /// <summary>
    /// First in the pipeline: every answer, a problem from any later middleware included, gets the correlation id and
    /// the security headers as it starts (one callback for both: this runs on every request).
    /// </summary>
    public static WebApplication UseCorrelationIdsAndSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var id = IdOf(context);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                Security.SecuritySetup.AddSecurityHeaders(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
