using Microsoft.OpenApi;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.Problems;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Registration.Api.Platform.OpenApi;

/// <summary>
/// Documents <c>Idempotency-Key</c> on exactly the operations that honour it (<see cref="IdempotentOperation"/>
/// metadata): the header, the replay marker on successes, <c>409 request-in-progress</c> and <c>422 idempotency-key-reused</c>.
/// </summary>
internal sealed class IdempotencyOperationFilter : IOperationFilter
{
    private const string KeyDescription =
        "Optional. Makes the request safe to retry: the first request with a key runs the operation, and every request with "
        + "the same key and the same content (method, path and body; for an upload, the file's bytes, name and form fields) "
        + "within 24 hours gets the same answer — status, `Location`, `ETag` and body — marked `Idempotent-Replayed: true`, "
        + "and nothing is created twice. Keys are the caller's own (by the token's `sub`) and the operation's: another caller "
        + "or operation may use the same key. Kept and replayed: successes (stored in the same transaction as the change) and "
        + "the operation's refusals (`404`, `409 email-taken`, ...). Not kept, so a retry runs again: `5xx` failures, "
        + "`409 concurrency-conflict`, and a request refused as sent (`400`, `413`, `415`). The same key with other content: "
        + "`422 idempotency-key-reused`; while the first request with the key is still being processed: "
        + "`409 request-in-progress` with `Retry-After`. " + IdempotencyKey.Rule;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotentOperation>().Any() || operation.Responses is null)
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyKey.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = KeyDescription,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyRecord.MaxKeyLength + 2 },
        });

        foreach (var (status, response) in operation.Responses)
        {
            if (status.StartsWith('2') && response is OpenApiResponse success)
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers[IdempotencyKey.ReplayedHeader] = new OpenApiHeader
                {
                    Description = "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`, replayed; absent otherwise.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
                };
            }
        }

        Describe(operation, context, "400", "An `Idempotency-Key` that is not " + IdempotencyKey.Rule[..IdempotencyKey.Rule.IndexOf(" (", StringComparison.Ordinal)]
            + $" is `validation-failed` too, `errors` naming `{IdempotencyKey.ErrorsField}`.");
        var inProgress = Describe(operation, context, "409",
            "`request-in-progress`: a request with this `Idempotency-Key` is still being processed; retry after the seconds `Retry-After` gives to receive its answer.");
        inProgress.Headers ??= new Dictionary<string, IOpenApiHeader>();
        inProgress.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "With `request-in-progress`: seconds to wait before retrying.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
        };
        Describe(operation, context, "422",
            "`idempotency-key-reused`: this `Idempotency-Key` was used within the last 24 hours for a request with other content; use a new key for a new request.");

        FastEndpointsOperationFilter.SortByStatus(operation.Responses);
    }

    /// <summary>Adds <paramref name="text"/> to the problem answer of <paramref name="status"/>, documenting the answer if the operation had not.</summary>
    private static OpenApiResponse Describe(OpenApiOperation operation, OperationFilterContext context, string status, string text)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse response)
        {
            response.Description = string.IsNullOrWhiteSpace(response.Description) ? text : $"{response.Description} {text}";
            return response;
        }

        response = new OpenApiResponse
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemSetup.ContentType] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemResponse), context.SchemaRepository) },
            },
        };
        operation.Responses[status] = response;
        return response;
    }
}
