using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Registration.Api.Platform.Json;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Registration.Api.Platform.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddRegistrationOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<ISerializerDataContractResolver>(new JsonSerializerDataContractResolver(JsonSetup.Create()));
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Registration API",
                Version = "v1",
                Contact = new OpenApiContact { Name = "Registration API maintainers" },
                License = new OpenApiLicense { Name = "Proprietary: no licence is granted (UNLICENSED)" },
                Description = """
                    Governments register their delegates for intergovernmental meetings held jointly (for example EMIC, IRG and
                    WGAR under the United Nations Convention against Corruption). Each Government uploads a note verbale naming
                    its delegates; the secretariat approves a delegate only after cross-checking it against the note verbale;
                    registration closes at the deadline.

                    Authentication: JWT bearer tokens with the claims `sub`, `role` (`secretariat`, `delegation` or
                    `participant`), for a delegation `country` (ISO 3166-1 alpha-3), and for a participant (a person
                    registering themselves) `email`, an address the identity provider has verified (`email_verified`, when
                    present, is true). A missing or invalid token answers `401`; a caller whose role may not use an operation
                    answers `403`.

                    Every error is `application/problem+json` (RFC 9457) with a stable `code`. Lists take `limit` (1-200,
                    default 50) and `cursor`, and answer `{ items, nextCursor }`.

                    Instants are RFC 3339 with an offset, to the microsecond. An event's `registrationDeadline` and
                    `statementDeadline` carry the offset of the event's time zone at that instant; every other instant
                    (`createdAt`, `updatedAt`, `closedAt`, `uploadedAt`, `decision.at`, ...) is in UTC.
                    """,
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with `sub`, `role`, and `country` (delegations) or `email` (participants) claims. "
                    + "Locally: `scripts/token --role secretariat`, `--role delegation --country AUT` or `--role participant --email ADDRESS`.",
            });
            options.CustomOperationIds(FastEndpointsOperationFilter.OperationId);
            options.TagActionsBy(api => [FastEndpointsOperationFilter.Tag(api)]);
            options.OrderActionsBy(api => $"{FastEndpointsOperationFilter.Tag(api)}:{api.RelativePath}:{api.HttpMethod}");
            options.OperationFilter<FastEndpointsOperationFilter>();
            options.OperationFilter<WebhookCallbackFilter>();
            options.OperationFilter<IdempotencyOperationFilter>();
            options.DocumentFilter<DocumentShapeFilter>();
            options.SchemaFilter<NullabilitySchemaFilter>();
            options.SchemaFilter<ChangeSchemaFilter>();
            options.UseAllOfToExtendReferenceSchemas();
            options.CustomSchemaIds(SchemaId);

            var xml = Path.Combine(AppContext.BaseDirectory, $"{typeof(OpenApiSetup).Assembly.GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseRegistrationOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Registration API v1");
            ui.DocumentTitle = "Registration API";
            ui.EnablePersistAuthorization();
        });
        return app;
    }

    /// <summary>The document exactly as <c>/swagger/v1/swagger.json</c> serves it, for the <c>openapi</c> command.</summary>
    public static async Task<string> RenderAsync(IServiceProvider services)
    {
        var document = services.GetRequiredService<ISwaggerProvider>().GetSwagger(DocumentName);
        using var writer = new StringWriter();
        document.SerializeAsV3(new OpenApiJsonWriter(writer));
        await writer.FlushAsync();
        return writer.ToString();
    }

    /// <summary>Readable schema names: <c>Page&lt;EventResponse&gt;</c> becomes <c>EventResponsePage</c>.</summary>
    private static string SchemaId(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return string.Concat(type.GetGenericArguments().Select(SchemaId)) + name;
    }

    /// <summary>The wire format, leaving out members that are null (an example shows only what it sends).</summary>
    internal static JsonSerializerOptions ExampleSerializerOptions { get; } = new(JsonSetup.Create())
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    internal static string? DescriptionOf(MemberInfo member) =>
        member.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
}
