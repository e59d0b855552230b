using Registration.Api.Data;
using Registration.Api.Platform;
using Registration.Api.Platform.Cli;
using Registration.Api.Platform.Hosting;

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

// Serving, migrate and seed-sample use the database; openapi renders the document from the code alone, so it gets
// neither a connection string check nor the job storage (which would try to reach PostgreSQL at start-up).
var usesDatabase = command is null or ["migrate", ..] or ["seed-sample", ..];
if (usesDatabase)
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
    Commands.Configure(builder.Configuration, command);
}

builder.AddRegistration(jobs: usesDatabase);
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

return await Serving.RunAsync(app);

/// <summary>Exposed for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
