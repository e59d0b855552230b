using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Registration.Api.Data;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Email;
using Registration.Api.Platform.Ocr;

namespace Registration.Api.Platform.Jobs;

public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// Hangfire keeps its own tables in the <c>hangfire</c> schema of the same database, created on first use. Without
    /// <paramref name="enabled"/> there is no Hangfire at all (its storage reaches for the database as soon as it is
    /// created), and scheduling a closing job is an error.
    /// </summary>
    public static WebApplicationBuilder AddRegistrationJobs(this WebApplicationBuilder builder, bool enabled = true)
    {
        if (!enabled)
        {
            builder.Services.AddSingleton<IRegistrationClosing, NoRegistrationClosing>();
            builder.Services.AddSingleton<IStatementClosing, NoRegistrationClosing>();
            builder.Services.AddSingleton<ICallClosing, NoCallClosing>();
            builder.Services.AddSingleton<IScannedNoteReading, NoScannedNoteReading>();
            return builder;
        }

        var connectionString = JobsPool(builder.Configuration.GetConnectionString(DataSetup.ConnectionStringName) ?? "", builder.Configuration);
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,

            // An idle worker looks for new jobs this often. A job enqueued in this process wakes one waiting worker at
            // once, but maybe one of another queue (webhooks have their own): the poll bounds how long the others wait.
            QueuePollInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Hangfire:QueuePollSeconds", 5.0)),
        };

        // Storage and activator belong to this application, not to Hangfire's process-wide defaults (AddHangfire only
        // adds its own when none is registered): a job runs against this app's database with this app's services.
        builder.Services.AddSingleton<JobStorage>(_ =>
            new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalSafeLogProvider(services.GetRequiredService<ILoggerFactory>())));

        builder.Services.AddScoped<IRegistrationClosing, HangfireRegistrationClosing>();
        builder.Services.AddScoped<CloseRegistration>();
        builder.Services.AddScoped<CloseOverdueRegistrations>();
        builder.Services.AddScoped<IStatementClosing, HangfireStatementClosing>();
        builder.Services.AddScoped<CloseStatements>();
        builder.Services.AddScoped<CloseOverdueStatements>();
        builder.Services.AddScoped<SweepOrphanFiles>();
        builder.Services.AddScoped<SendEmail>();
        builder.Services.AddScoped<SendLetter>();
        builder.Services.AddScoped<ICallClosing, HangfireCallClosing>();
        builder.Services.AddScoped<CloseCall>();
        builder.Services.AddScoped<CloseOverdueCalls>();
        builder.Services.AddScoped<SendDeadlineReminders>();
        builder.Services.AddScoped<IScannedNoteReading, HangfireScannedNoteReading>();
        builder.Services.AddScoped<ReadScannedNoteVerbale>();
        builder.Services.AddScoped<ReadPendingNotesVerbales>();
        var ocrRetries = new OcrRetries((builder.Configuration.GetSection(OcrOptions.Section).Get<OcrOptions>() ?? new OcrOptions()).Validate());
        var emailRetries = new EmailRetries((builder.Configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions()).Validate());
        builder.Services.AddScoped<PurgeExpiredIdempotencyKeys>();

        // Tests that do not exercise jobs switch the server off to keep the machine quiet.
        if (ServerEnabled(builder.Configuration))
        {
            builder.Services.AddHostedService<JobsStartup>();
            builder.Services.AddHangfireServer(server =>
            {
                server.WorkerCount = builder.Configuration.GetValue("Hangfire:Server:WorkerCount", 2);
                server.SchedulePollingInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Hangfire:Server:PollingSeconds", 5));
                // Hangfire's own filters, and this application's retries of e-mail and OCR jobs (not process-wide).
                server.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers, emailRetries, ocrRetries);
            });
        }

        return builder;
    }

    /// <summary>Whether this instance processes jobs (<c>Hangfire:Server:Enabled</c>, default true).</summary>
    public static bool ServerEnabled(IConfiguration configuration) => configuration.GetValue("Hangfire:Server:Enabled", true);

    /// <summary>
    /// Hangfire's own small pool (a distinct application name keeps it apart from the API's): polling and jobs never take
    /// the connections requests wait for, and a burst of requests never starves the jobs. <c>Hangfire:MaxPoolSize</c>
    /// (default 10) bounds it unless the connection string sets a maximum itself.
    /// </summary>
    internal static string JobsPool(string connectionString, IConfiguration configuration)
    {
        if (connectionString.Length == 0)
        {
            return connectionString;
        }

        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "registration-jobs" };
        if (!DataSetup.Sets(connectionString, "Maximum Pool Size"))
        {
            settings.MaxPoolSize = configuration.GetValue("Hangfire:MaxPoolSize", 10);
        }

        return settings.ConnectionString;
    }

    /// <summary>Maps the dashboard, if the application has its jobs (<see cref="AddRegistrationJobs"/>).</summary>
    public static WebApplication UseRegistrationJobsDashboard(this WebApplication app)
    {
        // Asked without resolving it: the storage reaches for the database when it is created.
        if (!app.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(JobStorage)))
        {
            return app;
        }

        var openInDevelopment = app.Environment.IsDevelopment() && app.Configuration.GetValue("Hangfire:Dashboard:OpenInDevelopment", true);
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "Registration jobs",
            Authorization = [new SecretariatOnly(openInDevelopment)],
        });
        return app;
    }

    /// <summary>For a command that renders without the database: the endpoints exist, but nothing is scheduled.</summary>
    private sealed class NoRegistrationClosing : IRegistrationClosing, IStatementClosing
    {
        void IStatementClosing.Schedule(Guid eventId, DateTimeOffset deadline) => throw NoJobs();

        public string Schedule(Guid eventId, DateTimeOffset deadline) => throw NoJobs();

        public void Cancel(string? jobId) => throw NoJobs();

        private static InvalidOperationException NoJobs() => new("This command runs without background jobs.");
    }

    /// <summary>For a command that renders without the database: nothing is read.</summary>
    private sealed class NoScannedNoteReading : IScannedNoteReading
    {
        public void Enqueue(Guid noteVerbaleId) => throw new InvalidOperationException("This command runs without background jobs.");
    }

    /// <summary>
    /// Hangfire's log provider is process-wide. Where several hosts share a process (the integration tests), one that
    /// stopped must not make another's workers fail on its disposed logger factory.
    /// </summary>
    private sealed class DisposalSafeLogProvider(ILoggerFactory loggerFactory) : Hangfire.Logging.ILogProvider
    {
        private readonly AspNetCoreLogProvider inner = new(loggerFactory);

        public Hangfire.Logging.ILog GetLogger(string name) => new SafeLog(inner, name);

        private sealed class SafeLog(AspNetCoreLogProvider provider, string name) : Hangfire.Logging.ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    return provider.GetLogger(name).Log(logLevel, messageFunc, exception);
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
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
