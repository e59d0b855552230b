using Registration.Api.Jobs;
using Registration.Api.Platform.Jobs;

namespace Registration.Api.Platform.Outbox;

public static class OutboxSetup
{
    /// <summary>
    /// The outbox's dispatcher and its outlets. Changes are recorded by every save (<c>Data/RegistrationDb.cs</c>,
    /// <c>Features/Changes/ChangeRecorder.cs</c>); here they are handed on, on servers that process jobs.
    /// </summary>
    public static WebApplicationBuilder AddRegistrationOutbox(this WebApplicationBuilder builder, bool jobs)
    {
        // The outlets. Every committed change is handed to each of them, once (DispatchOutbox). To add one, implement
        // IOutboxOutlet and register it here: it receives every change from then on, in the transaction that marks the
        // change dispatched.
        builder.Services.AddScoped<IOutboxOutlet, WebhookOutlet>();
        builder.Services.AddScoped<IOutboxOutlet, Email.EmailOutlet>();

        builder.Services.AddScoped<DispatchOutbox>();
        if (jobs && HangfireSetup.ServerEnabled(builder.Configuration))
        {
            builder.Services.AddHostedService<OutboxDispatcher>();
        }

        return builder;
    }
}
