using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Registration.Api.Platform.Health;

public static class HealthSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddRegistrationHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<PostgresReadiness>("postgresql", tags: [ReadyTag]);
        return services;
    }

    /// <summary>Liveness: the process answers. Readiness: PostgreSQL answers too.</summary>
    public static WebApplication MapRegistrationHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse("healthy")))
            .WithName("GetLiveness").WithTags("Health").WithSummary("Liveness: the process is up")
            .WithDescription("Answers `200` while the process runs, without touching the database: for a container's liveness probe.").AllowAnonymous()
            .Produces<HealthResponse>(StatusCodes.Status200OK);

        app.MapGet("/health/ready", async (HealthCheckService health, CancellationToken ct) =>
            {
                var report = await health.CheckHealthAsync(c => c.Tags.Contains(ReadyTag), ct);
                var body = new HealthResponse(report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy");
                return report.Status == HealthStatus.Healthy
                    ? Results.Ok(body)
                    : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("GetReadiness").WithTags("Health").WithSummary("Readiness: the process and PostgreSQL are up")
            .WithDescription("Answers `200` when PostgreSQL answers too, `503` otherwise: for a load balancer's readiness probe.").AllowAnonymous()
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}

/// <summary>Health state.</summary>
/// <param name="Status"><c>healthy</c> or <c>unhealthy</c>.</param>
public sealed record HealthResponse(string Status);

/// <summary>
/// PostgreSQL answers a query, asked once without retries (a probe answers at once; the load balancer asks again), on
/// the application's own connection pool. The outage is logged by <see cref="DatabaseAvailability"/>, once.
/// </summary>
internal sealed class PostgresReadiness(NpgsqlDataSource dataSource, DatabaseAvailability availability) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseAvailability.IsUnavailable(e))
        {
            availability.ReportFailure(e);
            return HealthCheckResult.Unhealthy("PostgreSQL cannot be reached.");
        }

        availability.ReportSuccess();
        return HealthCheckResult.Healthy();
    }
}
