using Registration.Api.Data;
using Registration.Api.Platform;
using Registration.Api.Platform.Cli;

// The container health probe runs every 30 s: answer it without composing the whole application.
if (args is ["healthcheck", ..])
{
    return await Commands.HealthcheckAsync(args);
}

var command = Commands.IsCommand(args) ? args : null;
var builder = WebApplication.CreateBuilder(command is null ? args : []);
if (command is ["token", ..])
{
    return Commands.Token(builder.Configuration, command);
}

if (command is null or ["migrate", ..] or ["seed-sample", ..])
{
    try
    {
        DataSetup.RequireConnectionString(builder.Configuration);
    }
    catch (InvalidOperationException e)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 1;
    }
}

if (command is not null)
{
    // One-shot commands run no background jobs.
    builder.Configuration["Hangfire:Server:Enabled"] = "false";
}

builder.AddRegistration();
var app = builder.Build();
app.UseRegistration();

if (command is not null)
{
    return await Commands.RunAsync(app, command);
}

if (app.Environment.IsDevelopment() || app.Configuration.GetValue("Database:MigrateOnStartup", false))
{
    await app.Services.MigrateRegistrationDatabaseAsync();
}

await app.RunAsync();
return 0;

/// <summary>Exposed for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
