using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Registration.Api.Domain;
using Registration.Api.Features.Changes;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Registration.Api.Platform.OpenApi;

/// <summary>
/// Documents each kind of change with its own schema — the delegate, note verbale or event it carries as <c>data</c> —
/// and <c>ChangeResponse</c> as one of them, told apart by <c>type</c> (a discriminator). The same schemas describe the
/// change feed's items and the body of every webhook delivery.
/// </summary>
internal sealed class ChangeSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ChangeResponse) || schema is not OpenApiSchema change)
        {
            return;
        }

        var template = change.Properties!;
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        change.OneOf = [];
        foreach (var (name, resource, types) in ChangeResponse.Kinds)
        {
            var variant = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"A change that carries {Article(resource.Name)} `{resource.Name}` as `data`.",
                Required = new HashSet<string>(change.Required ?? new HashSet<string>(), StringComparer.Ordinal),
                AdditionalPropertiesAllowed = false,
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["id"] = template["id"],
                    ["type"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "What happened.",
                        Enum = [.. types.Select(t => (JsonNode)JsonValue.Create(t.WireName()))],
                    },
                    ["eventId"] = template["eventId"],
                    ["timestamp"] = template["timestamp"],
                    ["data"] = context.SchemaGenerator.GenerateSchema(resource, context.SchemaRepository),
                },
            };
            var reference = context.SchemaRepository.Schemas.ContainsKey(name)
                ? new OpenApiSchemaReference(name)
                : context.SchemaRepository.AddDefinition(name, variant);
            change.OneOf.Add(reference);
            foreach (var type in types)
            {
                mapping[type.WireName()] = reference;
            }
        }

        change.Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping };
        change.Type = null;
        change.Properties = null;
        change.Required = null;
        change.AdditionalPropertiesAllowed = true;
    }

    private static string Article(string word) => "AEIOU".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";
}

/// <summary>Endpoint metadata: the operation registers a URL that receives <paramref name="Body"/> by HTTP POST (a webhook).</summary>
public sealed record WebhookCallback(Type Body);

/// <summary>
/// Describes, as an OpenAPI callback of the operation that registers the URL, the request each webhook receiver gets:
/// the Standard Webhooks headers and the change as body.
/// </summary>
internal sealed class WebhookCallbackFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<WebhookCallback>().FirstOrDefault() is not { } callback)
        {
            return;
        }

        var delivery = new OpenApiOperation
        {
            OperationId = "ReceiveChange",
            Summary = "A change, delivered to the subscription's URL",
            Description = "Sent for each committed change the subscription asked for, at least once: answer 2xx within 10 seconds to "
                + "acknowledge it, or it is sent again on the back-off. Check the signature before trusting the body, and use "
                + "`webhook-id` to recognise a change received before.",
            Parameters =
            [
                Header("webhook-id", "The change's id: the same on every attempt."),
                Header("webhook-timestamp", "When this attempt was signed, in Unix seconds; refuse one far from your clock."),
                Header("webhook-signature", "`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the secret after `whsec_`."),
            ],
            // Not a bearer token: the signature says the request comes from this service.
            Security = [],
            RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [EndpointDocs.Json] = new() { Schema = context.SchemaGenerator.GenerateSchema(callback.Body, context.SchemaRepository) },
                },
            },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "Received: any 2xx status acknowledges the change." },
                ["400"] = new OpenApiResponse { Description = "Refused (the signature does not verify, the timestamp is too far off): the change is sent again later, as for any answer but 2xx." },
                ["default"] = new OpenApiResponse { Description = "Not received: any other answer, or none within 10 seconds, and the change is sent again later." },
            },
        };
        var path = new OpenApiPathItem();
        path.AddOperation(HttpMethod.Post, delivery);
        var expression = new OpenApiCallback();
        expression.AddPathItem(RuntimeExpression.Build("{$request.body#/url}"), path);
        operation.Callbacks ??= new Dictionary<string, IOpenApiCallback>();
        operation.Callbacks["change"] = expression;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
