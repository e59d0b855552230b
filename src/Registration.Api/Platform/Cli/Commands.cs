using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Events;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Platform.Cli;

/// <summary>
/// One-shot commands run by the same executable (<c>dotnet Registration.Api.dll &lt;command&gt;</c>): the production way to
/// migrate, the local way to get a token, the OpenAPI export, sample data and the container health probe.
/// </summary>
public static class Commands
{
    public static readonly string[] Names = ["migrate", "token", "openapi", "seed-sample"];
    private const string TokenUsage =
        "usage: token --role secretariat|delegation|participant [--country AUT] [--email anna@example.org] [--sub NAME] [--hours 8]";

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    /// <summary>
    /// One-shot commands run no background jobs and log to stderr, so that stdout holds only what they print (openapi's
    /// document); openapi, which only renders, logs warnings and errors only.
    /// </summary>
    public static void Configure(IConfiguration configuration, string[] args)
    {
        configuration["Hangfire:Server:Enabled"] = "false";
        configuration["Logging:Console:LogToStandardErrorThreshold"] = "Trace";
        if (args is ["openapi", ..])
        {
            configuration["Logging:LogLevel:Default"] = "Warning";
        }
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var options = Options(args.Skip(1).ToArray());
        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(app),
                "openapi" => await OpenApiAsync(app, options),
                "seed-sample" => await SeedSampleAsync(app),
                _ => 2,
            };
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        await app.Services.MigrateRegistrationDatabaseAsync();
        await Console.Error.WriteLineAsync("migrate: the database is up to date.");
        return 0;
    }

    /// <summary>Mints a development token from configuration alone: no database, no web host.</summary>
    public static int Token(IConfiguration configuration, string[] args)
    {
        var options = Options(args.Skip(1).ToArray());
        try
        {
            var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            auth.Validate();
            var role = options.GetValueOrDefault("role") ?? throw new InvalidOperationException(TokenUsage);
            if (role is not (Role.Secretariat or Role.Delegation or Role.Participant))
            {
                throw new InvalidOperationException("--role must be 'secretariat', 'delegation' or 'participant'.");
            }

            var country = options.GetValueOrDefault("country");
            if (role == Role.Delegation && !Countries.IsKnown(country))
            {
                throw new InvalidOperationException("a delegation token needs --country with an ISO 3166-1 alpha-3 code, for example AUT.");
            }

            var email = options.GetValueOrDefault("email");
            if (role == Role.Participant && !EmailAddress.IsValid(email))
            {
                throw new InvalidOperationException("a participant token needs --email with the participant's address, for example anna@example.org.");
            }

            var subject = options.GetValueOrDefault("sub") ?? role switch
            {
                Role.Secretariat => "secretariat-local",
                Role.Delegation => $"delegation-{country!.ToLowerInvariant()}",
                _ => $"participant-{EmailAddress.Normalize(email!)}",
            };
            var hours = int.TryParse(options.GetValueOrDefault("hours"), out var h) && h > 0 ? h : 8;
            Console.WriteLine(DevelopmentTokens.Mint(
                auth,
                role,
                role == Role.Delegation ? country : null,
                subject,
                TimeSpan.FromHours(hours),
                DateTimeOffset.UtcNow,
                email: role == Role.Participant ? email!.Trim() : null,
                emailVerified: role == Role.Participant ? true : null));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"token: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> OpenApiAsync(WebApplication app, Dictionary<string, string> options)
    {
        // ASP.NET hands the mapped endpoints to the API explorer only when the host starts: start it on an
        // ephemeral loopback port, with no job server, just long enough to render the document.
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var json = await OpenApiSetup.RenderAsync(app.Services);
        await app.StopAsync();
        var output = options.GetValueOrDefault("output");
        if (output is null)
        {
            Console.WriteLine(json);
        }
        else
        {
            await File.WriteAllTextAsync(output, json + "\n");
            await Console.Error.WriteLineAsync($"openapi: wrote {output}");
        }

        return 0;
    }

    private static async Task<int> SeedSampleAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegistrationDb>();
        if (await db.Events.AnyAsync(e => e.Code == SampleEvent.Code))
        {
            await Console.Error.WriteLineAsync($"seed-sample: {SampleEvent.Code} is there already.");
            return 0;
        }

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var sample = Event.Create(SampleEvent.Spec(), clock.GetUtcNow());
        db.Events.Add(sample);
        await db.SaveChangesAsync();
        sample.ClosingScheduledAs(scope.ServiceProvider.GetRequiredService<Registration.Api.Jobs.IRegistrationClosing>().Schedule(sample.Id, sample.RegistrationDeadline));
        await db.SaveChangesAsync();
        await Console.Error.WriteLineAsync($"seed-sample: created {SampleEvent.Code} ({sample.Id}), the joint meetings of EMIC-12, IRG-14R and WGAR-17 in Vienna.");
        return 0;
    }

    public static async Task<int> HealthcheckAsync(string[] args)
    {
        var options = Options(args.Skip(1).ToArray());
        var url = options.GetValueOrDefault("url") ?? "http://localhost:8080/health/live";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
        }

        return options;
    }
}
