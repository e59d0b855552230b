using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Problems;

namespace Registration.Api.Platform.Security;

/// <summary>The <c>RateLimiting</c> configuration section: per-caller budgets.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>On by default outside Development; <c>RateLimiting__Enabled</c> overrides.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Requests a caller with a token (by its <c>sub</c>) may make per window.</summary>
    public int PermitsPerWindow { get; set; } = 600;

    /// <summary>Requests an anonymous caller (by client address) may make per window.</summary>
    public int AnonymousPermitsPerWindow { get; set; } = 120;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>The <c>Cors</c> configuration section: the client apps' origins that may call the API from a browser.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>Exact origins, for example <c>https://register.example.org</c>; none by default (no cross-origin calls).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>Rate limits, CORS, security headers, HTTPS redirection and HSTS: what stands between the API and abuse.</summary>
public static class SecuritySetup
{
    private const string CorsPolicy = "client-apps";

    public static WebApplicationBuilder AddRegistrationSecurity(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        var enabled = limits.Enabled ?? !builder.Environment.IsDevelopment();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
            if (enabled)
            {
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits));
            }
        });

        var cors = builder.Configuration.GetSection(CorsOptions.Section).Get<CorsOptions>() ?? new CorsOptions();
        builder.Services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(cors.AllowedOrigins)
            .WithMethods("GET", "POST", "PATCH")
            .WithHeaders("Authorization", "Content-Type", "If-Match", "Idempotency-Key")
            .WithExposedHeaders("ETag", "Location", "Retry-After", Http.Correlation.Header)));
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>
    /// Before authentication: HTTPS and HSTS outside Development, CORS. The security headers are added to every answer
    /// as it starts, with the correlation id (<see cref="Http.Correlation"/>), by <see cref="AddSecurityHeaders"/>.
    /// </summary>
    public static WebApplication UseRegistrationTransportSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseCors(CorsPolicy);
        return app;
    }

    /// <summary>What every answer carries: no sniffing, no referrer, no framing, and a content policy that allows nothing.</summary>
    public static void AddSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger") || context.Request.Path.StartsWithSegments("/hangfire")
            // Swagger UI and the dashboard are pages: their own scripts and styles, nothing from elsewhere.
            ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
            : "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    /// <summary>After authentication, so that a caller with a token is limited by its subject.</summary>
    public static WebApplication UseRegistrationRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitingOptions limits)
    {
        // Probes of the platform that runs the service are never refused.
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(RegistrationClaims.Subject) : null;
        var window = TimeSpan.FromSeconds(limits.WindowSeconds);
        return subject is not null
            ? RateLimitPartition.GetFixedWindowLimiter("sub:" + subject, _ => Window(limits.PermitsPerWindow, window))
            : RateLimitPartition.GetFixedWindowLimiter("ip:" + context.Connection.RemoteIpAddress, _ => Window(limits.AnonymousPermitsPerWindow, window));
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.WriteProblemAsync(
            StatusCodes.Status429TooManyRequests,
            ErrorCodes.TooManyRequests,
            "Too many requests.",
            $"This caller has used its requests for now; retry after {retryAfter} seconds (the Retry-After header).");
    }
}
