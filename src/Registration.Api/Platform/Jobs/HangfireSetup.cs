using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Registration.Api.Data;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;

namespace Registration.Api.Platform.Jobs;

public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";

    /// <summary>Hangfire keeps its own tables in the <c>hangfire</c> schema of the same database, created on first use.</summary>
    public static WebApplicationBuilder AddRegistrationJobs(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DataSetup.ConnectionStringName) ?? "";
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true }));

        builder.Services.AddScoped<IRegistrationClosing, HangfireRegistrationClosing>();
        builder.Services.AddScoped<CloseRegistration>();
        builder.Services.AddScoped<CloseOverdueRegistrations>();

        // Tests that do not exercise jobs switch the server off to keep the machine quiet.
        if (builder.Configuration.GetValue("Hangfire:Server:Enabled", true))
        {
            builder.Services.AddHostedService<JobsStartup>();
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = builder.Configuration.GetValue("Hangfire:Server:WorkerCount", 2);
                server.SchedulePollingInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Hangfire:Server:PollingSeconds", 5));
            });
        }

        return builder;
    }

    public static WebApplication UseRegistrationJobsDashboard(this WebApplication app)
    {
        var openInDevelopment = app.Environment.IsDevelopment() && app.Configuration.GetValue("Hangfire:Dashboard:OpenInDevelopment", true);
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "Registration jobs",
            Authorization = [new SecretariatOnly(openInDevelopment)],
        });
        return app;
    }

    /// <summary>The dashboard is for the secretariat (a bearer token with role <c>secretariat</c>); Development may open it locally.</summary>
    private sealed class SecretariatOnly(bool openInDevelopment) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            return openInDevelopment || (http.User.Identity?.IsAuthenticated == true && http.User.IsInRole(Role.Secretariat));
        }
    }
}
