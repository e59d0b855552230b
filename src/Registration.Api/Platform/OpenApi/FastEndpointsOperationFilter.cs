using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Registration.Api.Platform.OpenApi;

/// <summary>
/// Swashbuckle sees FastEndpoints endpoints through ASP.NET's endpoint metadata, which says nothing of their request
/// DTOs. This fills in what FastEndpoints knows: operation id, summary, path and query parameters, the JSON request
/// body with its example, the security requirement, and readable descriptions of each answer.
/// </summary>
internal sealed class FastEndpointsOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, string> PathParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["eventId"] = "The event's id.",
        ["delegationId"] = "The delegation's id.",
        ["delegateId"] = "The delegate's id.",
        ["noteVerbaleId"] = "The note verbale's id.",
        ["webhookId"] = "The webhook subscription's id.",
        ["deliveryId"] = "The delivery's id.",
        ["missionId"] = "The mission's id.",
        ["templateId"] = "The letter template's id.",
        ["runId"] = "The letter run's id.",
        ["country"] = "ISO 3166-1 alpha-3 code of the State (upper case), for example `AUT`.",
        ["callId"] = "The call for contributions' id.",
        ["contributionId"] = "The contribution's id.",
        ["fileId"] = "The file's id.",
        ["kind"] = "The e-mail's kind: " + string.Join(", ", Email.EmailKinds.All.Select(k => $"`{Email.EmailKinds.Wire(k)}` ({Email.EmailKinds.Purpose(k)})")) + ".",
    };

    private static readonly Dictionary<string, string> DefaultResponseDescriptions = new(StringComparer.Ordinal)
    {
        ["200"] = "OK.",
        ["201"] = "Created; the `Location` header names the new resource.",
        ["202"] = "Accepted; the work is scheduled.",
        ["204"] = "Done; no content.",
        ["400"] = "`validation-failed`: the request is invalid; `errors` names each field (camelCase) with its messages. Malformed JSON is answered the same way. "
            + "A request line or headers that cannot be read at all (for example `%00` in the path) is `malformed-request`.",
        ["401"] = "`unauthenticated`: the bearer token is missing, expired or invalid.",
        ["403"] = "`forbidden`: the caller's role may not use this operation.",
        ["404"] = "Not found (`event-not-found`, ...).",
        ["409"] = "Conflict with the current state; `code` says which.",
        ["412"] = "`precondition-failed`: `If-Match` does not match the current `ETag`.",
        ["413"] = "`payload-too-large`: the body exceeds the size limit.",
        ["415"] = "`unsupported-media-type`: the body's format is not accepted.",
        ["408"] = "`request-timeout`: the request's headers did not arrive in time.",
        ["414"] = "`uri-too-long`: the path and query are longer than the server accepts (8 KB).",
        ["431"] = "`request-headers-too-large`: the request's headers are larger than the server accepts (32 KB).",
        ["500"] = "`internal-error`: the server failed to process the request; the failure is logged.",
        ["429"] = "`too-many-requests`: this caller (its token's subject, or its address when anonymous) has used its requests for now; retry after the seconds `Retry-After` gives.",
        ["503"] = "`service-unavailable`: the database cannot be reached at the moment; retry after the seconds `Retry-After` gives.",
        ["422"] = "`note-verbale-too-complex`: the file would cost too much to read; the problem's `limit` names the limit it went beyond (`pages`, `decompressed-bytes`, `text-length` or `time`).",
    };

    public static string? OperationId(ApiDescription api) =>
        Definition(api)?.EndpointType.Name ?? api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;

    /// <summary>The feature folder the endpoint lives in, as <see cref="OpenApiTags"/> names it (Features/NotesVerbales → Notes verbales).</summary>
    public static string Tag(ApiDescription api)
    {
        var ns = Definition(api)?.EndpointType.Namespace;
        return ns is not null
            ? OpenApiTags.NameOf(ns[(ns.LastIndexOf('.') + 1)..])
            : api.ActionDescriptor.EndpointMetadata.OfType<ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault() ?? "Platform";
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ApplySecurity(operation, context);
        var definition = Definition(context.ApiDescription);
        if (definition is null)
        {
            return;
        }

        if (definition.EndpointSummary is { } summary)
        {
            operation.Summary = summary.Summary;
            operation.Description = string.IsNullOrWhiteSpace(summary.Description) ? null : summary.Description;
        }

        var version = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<VersionedResource>().FirstOrDefault();
        var versioned = version is not null;
        operation.Parameters = [.. PathParameters(context.ApiDescription), .. QueryParameters(definition, context), .. IfMatch(version)];
        operation.RequestBody = RequestBody(definition, context);
        DocumentCommonProblems(operation, context);
        DescribeResponses(operation, definition, versioned);
    }

    private static EndpointDefinition? Definition(ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault();

    private static IEnumerable<IOpenApiParameter> PathParameters(ApiDescription api)
    {
        var template = api.RelativePath ?? "";
        var start = template.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = template.IndexOf('}', start);
            var token = template[(start + 1)..end];
            var name = token.Split(':')[0];
            var isGuid = token.EndsWith(":guid", StringComparison.Ordinal) || name.EndsWith("Id", StringComparison.Ordinal);
            yield return new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = PathParameterDescriptions.GetValueOrDefault(name),
                Schema = isGuid ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" }
                    : name == "kind" ? new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Email.EmailKinds.All.Select(k => (System.Text.Json.Nodes.JsonNode)Email.EmailKinds.Wire(k))] }
                    : new OpenApiSchema { Type = JsonSchemaType.String },
            };
            start = template.IndexOf('{', end);
        }
    }

    private static IEnumerable<IOpenApiParameter> QueryParameters(EndpointDefinition definition, OperationFilterContext context)
    {
        if (!IsQueryOnly(definition))
        {
            yield break;
        }

        foreach (var property in definition.ReqDtoType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanWrite || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            yield return new OpenApiParameter
            {
                Name = JsonNamingPolicy.CamelCase.ConvertName(property.Name),
                In = ParameterLocation.Query,
                Required = false,
                Description = OpenApiSetup.DescriptionOf(property),
                Schema = context.SchemaGenerator.GenerateSchema(property.PropertyType, context.SchemaRepository, property),
            };
        }
    }

    private static OpenApiRequestBody? RequestBody(EndpointDefinition definition, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<FileUpload>().FirstOrDefault() is { } upload)
        {
            return new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { upload.PartName },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [upload.PartName] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = upload.Description },
                            },
                        },
                    },
                },
            };
        }

        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<MultipartForm>().FirstOrDefault() is { } form)
        {
            return new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = form.Parts.ToDictionary(
                                p => p.Name,
                                p => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String, Format = p.Binary ? "binary" : p.Format, Description = p.Description }),
                        },
                    },
                },
            };
        }

        if (IsQueryOnly(definition) || definition.ReqDtoType == typeof(EmptyRequest))
        {
            return null;
        }

        var media = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(definition.ReqDtoType, context.SchemaRepository) };
        if (definition.EndpointSummary?.ExampleRequest is { } example)
        {
            // Members left unset are left out: a partial update's example must send only what it changes.
            media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), OpenApiSetup.ExampleSerializerOptions);
        }

        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { [EndpointDocs.Json] = media },
        };
    }

    private static bool IsQueryOnly(EndpointDefinition definition) =>
        definition.Verbs.All(v => v is "GET" or "DELETE" or "HEAD");

    private static IEnumerable<IOpenApiParameter> IfMatch(VersionedResource? version)
    {
        if (version is { HonoursIfMatch: true })
        {
            yield return new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The `ETag` of the version you read; the change is refused with `412` if the resource changed since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }

    /// <summary>
    /// The answers any operation can give besides its own: an unreadable request (400, 408, 414, 431, answered by the
    /// server before the operation runs), a body without Content-Type (415), a failure (500), the database away (503).
    /// </summary>
    private static void DocumentCommonProblems(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is null || !(context.ApiDescription.RelativePath ?? "").StartsWith(Composition.RoutePrefix, StringComparison.Ordinal))
        {
            return;
        }

        string[] common = ["400", "408", "414", "429", "431", "500", "503", .. operation.RequestBody is null ? Array.Empty<string>() : ["413", "415"]];
        foreach (var status in common.Where(status => !operation.Responses.ContainsKey(status)))
        {
            var response = new OpenApiResponse
            {
                Description = DefaultResponseDescriptions[status],
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Problems.ProblemSetup.ContentType] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(Problems.ProblemResponse), context.SchemaRepository) },
                },
            };
            if (status is "429" or "503")
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                };
            }

            operation.Responses[status] = response;
        }

        SortByStatus(operation.Responses);
    }

    /// <summary>Answers in the order of their status codes, however they were added.</summary>
    internal static void SortByStatus(OpenApiResponses responses)
    {
        var ordered = responses.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses[status] = response;
        }
    }

    private static void DescribeResponses(OpenApiOperation operation, EndpointDefinition definition, bool versioned)
    {
        if (operation.Responses is null)
        {
            return;
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var specific = definition.EndpointSummary?.Responses is { } described && int.TryParse(status, out var code)
                ? described.GetValueOrDefault(code)
                : null;
            concrete.Description = specific ?? DefaultResponseDescriptions.GetValueOrDefault(status) ?? concrete.Description;

            if (versioned && status is "200" or "201")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "The resource's version, for `If-Match`.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }

            if (status == "201")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = "The new resource's address.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" },
                };
            }
        }
    }

    private static void ApplySecurity(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
        operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] }];
    }
}
