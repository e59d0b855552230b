using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Email;
using Registration.Api.Platform.Files;
using Registration.Api.Platform.Health;
using Registration.Api.Platform.Hosting;
using Registration.Api.Platform.Jobs;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.Json;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Ocr;
using Registration.Api.Platform.Outbox;
using Registration.Api.Platform.Problems;
using Registration.Api.Platform.Security;
using Registration.Api.Platform.Webhooks;

namespace Registration.Api.Platform;

/// <summary>The application's composition, so that Program.cs stays a table of contents.</summary>
public static class Composition
{
    public const string RoutePrefix = "api/v1";

    /// <summary>Registers the application's services.</summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="jobs">
    /// <c>false</c> leaves out Hangfire (storage, server, dashboard, the closing jobs), for a command that must not touch
    /// the database.
    /// </param>
    public static WebApplicationBuilder AddRegistration(this WebApplicationBuilder builder, bool jobs = true)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Logging.ReportFailedStartsOnce();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseProblemAnswers()));
        builder.Services.ConfigureHttpJsonOptions(o => JsonSetup.Apply(o.SerializerOptions));
        builder.Services.AddRegistrationProblems();
        builder.AddRegistrationData();
        builder.AddRegistrationAuth();
        builder.AddRegistrationSecurity();
        builder.AddRegistrationEmail();
        builder.AddRegistrationOcr();
        builder.AddRegistrationJobs(jobs);
        builder.AddRegistrationOutbox(jobs);
        builder.AddRegistrationWebhooks(jobs);
        builder.Services.AddRegistrationHealth();
        builder.Services.AddRegistrationIdempotency();
        builder.Services.AddSingleton((builder.Configuration.GetSection(Features.NotesVerbales.NoteVerbaleOptions.Section).Get<Features.NotesVerbales.NoteVerbaleOptions>()
            ?? new Features.NotesVerbales.NoteVerbaleOptions()).Validate());
        builder.AddRegistrationFiles();
        builder.Services.AddSingleton((builder.Configuration.GetSection(Features.Statements.StatementOptions.Section).Get<Features.Statements.StatementOptions>()
            ?? new Features.Statements.StatementOptions()).Validate());
        builder.Services.AddSingleton(builder.Configuration.GetSection(Platform.Media.MediaOptions.Section).Get<Platform.Media.MediaOptions>() ?? new Platform.Media.MediaOptions());
        builder.Services.AddSingleton<Platform.Media.VideoProbe>();
        builder.Services.AddSingleton((builder.Configuration.GetSection(Uploads.UploadLimits.Section).Get<Uploads.UploadLimits>() ?? new Uploads.UploadLimits()).Validate());
        builder.Services.AddFastEndpoints(o => o.IncludeAbstractValidators = false);
        builder.Services.AddRegistrationOpenApi();

        // Error keys and messages name fields as clients send them (camelCase).
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return builder;
    }

    public static WebApplication UseRegistration(this WebApplication app)
    {
        app.UseCorrelationIdsAndSecurityHeaders();
        app.UseRegistrationProblems();
        app.UseRegistrationTransportSecurity();
        app.UseAuthentication();
        app.UseRegistrationRateLimits();
        app.UseAuthorization();
        app.UseRequestBodyRules();
        app.UseFastEndpoints(config =>
        {
            config.Endpoints.RoutePrefix = RoutePrefix;
            config.Endpoints.ShortNames = true;
            JsonSetup.Apply(config.Serializer.Options);
            config.Serializer.RequestDeserializer = (request, type, _, ct) => RequestBodies.ReadAsync(request, type, config.Serializer.Options, ct);
            config.Binding.Modifier = (_, _, context, _) => RequestBodies.Report(context);
            config.Errors.UseProblemDetails();
            config.Errors.ContentType = ProblemSetup.ContentType;
            config.Errors.ResponseBuilder = ProblemSetup.ValidationProblem;
            // Query strings carry enums in their wire form (in-person, pending), as JSON bodies do.
            foreach (var type in new[] { typeof(Domain.ParticipationMode), typeof(Domain.DelegateStatus), typeof(Domain.NoteVerbaleStatus), typeof(Domain.DelegationRole), typeof(Domain.DelegateAction), typeof(Domain.DeliveryStatus), typeof(Domain.StatementState), typeof(Domain.StatementKind) })
            {
                config.Binding.ValueParserFor(type, WireEnumParser(type));
                config.Binding.ValueParserFor(typeof(Nullable<>).MakeGenericType(type), WireEnumParser(type));
            }

            config.Binding.JsonExceptionTransformer = ex => new FluentValidation.Results.ValidationFailure(
                JsonPathToField(ex.Path),
                ex is Json.UndeclaredNullException ? ex.Message.Split(" Path:")[0] : $"The request body is not valid JSON here: {ex.Message.Split(" Path:")[0]}");
        });
        app.MapRegistrationHealth();
        app.UseRegistrationOpenApi();
        app.UseRegistrationJobsDashboard();
        return app;
    }

    private static readonly System.Text.Json.JsonSerializerOptions WireJson = JsonSetup.Create();

    private static Func<Microsoft.Extensions.Primitives.StringValues, ParseResult> WireEnumParser(Type type) => values =>
    {
        try
        {
            var value = System.Text.Json.JsonSerializer.Deserialize(System.Text.Json.JsonSerializer.Serialize(values.ToString()), type, WireJson);
            return new ParseResult(value is not null, value);
        }
        catch (System.Text.Json.JsonException)
        {
            return new ParseResult(false, null);
        }
    };

    private static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
