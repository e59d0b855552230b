using System.Net;
using Hangfire;
using Registration.Api.Jobs;
using Registration.Api.Platform.Jobs;

namespace Registration.Api.Platform.Webhooks;

public static class WebhookSetup
{
    /// <summary>Sending webhooks: the rules (<see cref="WebhookOptions"/>), the guarded HTTP client, the jobs and their own Hangfire workers.</summary>
    public static WebApplicationBuilder AddRegistrationWebhooks(this WebApplicationBuilder builder, bool jobs)
    {
        var rules = (builder.Configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions()).Resolve(builder.Environment);
        builder.Services.AddSingleton(rules);
        builder.Services.AddHttpClient(WebhookSender.ClientName, client =>
            {
                client.Timeout = rules.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Registration-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a redirect could point anywhere, the service's own network included
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = rules.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                ConnectCallback = (context, ct) => WebhookSender.ConnectAsync(context, rules.AllowPrivateAddresses, ct),
            })
            .RemoveAllLoggers();
        builder.Services.AddScoped<WebhookSender>();
        builder.Services.AddSingleton<WebhookUrls>();

        if (!jobs)
        {
            builder.Services.AddSingleton<IWebhookDeliveries, NoWebhookDeliveries>();
            return builder;
        }

        builder.Services.AddScoped<IWebhookDeliveries, HangfireWebhookDeliveries>();
        builder.Services.AddScoped<DeliverWebhook>();
        builder.Services.AddScoped<SendDueWebhooks>();
        if (HangfireSetup.ServerEnabled(builder.Configuration))
        {
            builder.Services.AddHostedService<WebhookJobsStartup>();

            // Webhooks have workers of their own: slow receivers never hold up the other jobs (closing registration).
            builder.Services.AddHangfireServer(server =>
            {
                server.Queues = [DeliverWebhook.Queue];
                server.WorkerCount = rules.WorkerCount;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Hangfire:Server:PollingSeconds", 5));
            });
        }

        return builder;
    }

    /// <summary>For a command that renders without the database: nothing is sent.</summary>
    private sealed class NoWebhookDeliveries : IWebhookDeliveries
    {
        public void Start(IEnumerable<Guid> deliveryIds) => throw NoJobs();

        public void Retry(Guid deliveryId, DateTimeOffset at) => throw NoJobs();

        private static InvalidOperationException NoJobs() => new("This command runs without background jobs.");
    }
}
