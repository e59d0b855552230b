namespace Registration.Api.Platform.Email;

public static class EmailSetup
{
    /// <summary>
    /// E-mail: the SMTP settings (checked at start-up), the templates' rendering and the notifications features call.
    /// The jobs themselves are registered with Hangfire (<see cref="Jobs.HangfireSetup"/>).
    /// </summary>
    public static WebApplicationBuilder AddRegistrationEmail(this WebApplicationBuilder builder)
    {
        var smtp = (builder.Configuration.GetSection(SmtpOptions.Section).Get<SmtpOptions>() ?? new SmtpOptions()).Validate();
        builder.Services.AddSingleton(smtp);
        builder.Services.AddSingleton(new SmtpMailer(smtp));
        builder.Services.AddScoped<EmailComposer>();
        builder.Services.AddScoped<EmailNotifications>();
        builder.Services.AddHostedService<EmailStartupNotice>();
        return builder;
    }

    /// <summary>Says once, at start-up, where e-mail goes, or that it is off.</summary>
    private sealed class EmailStartupNotice(SmtpOptions smtp, ILogger<EmailStartupNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (smtp.Enabled)
            {
                logger.LogInformation("E-mail goes to the SMTP server {Host}:{Port} ({Security}) from {From}", smtp.Host, smtp.Port, smtp.Security, smtp.From);
            }
            else
            {
                logger.LogInformation("E-mail is off: Smtp:Host is not set, so no e-mail is queued or sent");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
