using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Holds every answer the tests receive to the committed OpenAPI document: the status must be one the operation
/// documents, and a JSON body must validate against the schema documented for that status and media type. An answer
/// that does not fails the test that received it, so the document describes what the API really sends.
/// </summary>
public sealed class OpenApiConformance : DelegatingHandler
{
    private static readonly Lazy<JsonNode> Document = new(() =>
        JsonNode.Parse(File.ReadAllText(Repository.File("openapi", "registration-v1.json")))!);

    private static readonly Lazy<(Regex Pattern, JsonObject Item)[]> Paths = new(() =>
        [.. Document.Value["paths"]!.AsObject()
            // Literal segments before parameters: /delegates/bulk-approve is not /delegates/{delegateId}.
            .OrderBy(p => p.Key.Count(c => c == '{'))
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$"), p.Value!.AsObject()))]);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri!.Scheme == Uri.UriSchemeHttp && (int)response.StatusCode is 307 or 308)
        {
            return response; // Outside Development plain HTTP is sent to HTTPS before any operation runs.
        }
        var operation = Paths.Value.FirstOrDefault(p => p.Pattern.IsMatch(request.RequestUri!.AbsolutePath)).Item?[request.Method.Method.ToLowerInvariant()];
        if (operation is null)
        {
            return response; // Not an operation of the document (an unknown route, Swagger UI, the dashboard).
        }

        var name = $"{request.Method} {request.RequestUri!.AbsolutePath} answered {(int)response.StatusCode}";
        var documented = operation["responses"]?[((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new InvalidOperationException($"{name}, a status the OpenAPI document does not list for this operation.");

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/json" or "application/problem+json"))
        {
            return response;
        }

        var schema = documented["content"]?[mediaType]?["schema"]
            ?? throw new InvalidOperationException($"{name} with {mediaType}, which the OpenAPI document does not list for that status.");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var errors = new List<string>();
        Validate(body, schema, "$", errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{name} with a body its documented schema does not allow:\n  {string.Join("\n  ", errors)}\n{body}");
        }

        return response;
    }

    /// <summary>
    /// One of several schemas: with a discriminator, the one its mapping names for the value's discriminating member (a
    /// value it does not map is wrong); without, exactly one must accept the value.
    /// </summary>
    private static void ValidateOneOf(JsonNode value, JsonNode schema, JsonArray alternatives, string at, List<string> errors)
    {
        if (schema["discriminator"] is { } discriminator)
        {
            var member = discriminator["propertyName"]!.GetValue<string>();
            var named = value is JsonObject o && o[member] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (named is null || discriminator["mapping"]?[named] is not { } target)
            {
                errors.Add($"{at}.{member} is {(named is null ? "missing" : $"'{named}'")}, which the discriminator does not map to a schema");
                return;
            }

            Validate(value, new JsonObject { ["$ref"] = target.GetValue<string>() }, at, errors);
            return;
        }

        var accepting = alternatives.Count(alternative =>
        {
            var found = new List<string>();
            Validate(value, alternative!, at, found);
            return found.Count == 0;
        });
        if (accepting != 1)
        {
            errors.Add($"{at} matches {accepting} of the schemas oneOf lists, not exactly one");
        }
    }

    /// <summary>What is wrong with <paramref name="body"/> as an instance of the document's schema <paramref name="schemaName"/>.</summary>
    public static List<string> Check(JsonNode? body, string schemaName)
    {
        var errors = new List<string>();
        Validate(body, Document.Value["components"]!["schemas"]![schemaName]!, "$", errors);
        return errors;
    }

    /// <summary>The part of JSON Schema (OpenAPI 3.0 dialect) the document uses: types, null, enums, members, arrays, allOf and oneOf.</summary>
    private static void Validate(JsonNode? value, JsonNode schema, string at, List<string> errors)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            Validate(value, Document.Value["components"]!["schemas"]![reference.Split('/')[^1]]!, at, errors);
            return;
        }

        if (value is null)
        {
            // OpenAPI 3.0: "nullable" beside a type (or beside allOf wrapping a reference) admits null.
            if (schema["nullable"]?.GetValue<bool>() != true && (schema["type"] is not null || schema["allOf"] is not null || schema["oneOf"] is not null))
            {
                errors.Add($"{at} is null, which its schema does not allow");
            }

            return;
        }

        if (schema["oneOf"] is JsonArray alternatives)
        {
            ValidateOneOf(value, schema, alternatives, at, errors);
        }

        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            Validate(value, part!, at, errors);
        }

        var kind = value.GetValueKind();
        switch (schema["type"]?.GetValue<string>())
        {
            case "string" when kind != JsonValueKind.String:
            case "integer" when kind != JsonValueKind.Number || value.ToJsonString().Contains('.', StringComparison.Ordinal):
            case "number" when kind != JsonValueKind.Number:
            case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
            case "array" when kind != JsonValueKind.Array:
            case "object" when kind != JsonValueKind.Object:
                errors.Add($"{at} is {kind}, not {schema["type"]}");
                return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{at} is {value.ToJsonString()}, not one of {allowed.ToJsonString()}");
        }

        if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var index = 0; index < array.Count; index++)
            {
                Validate(array[index], items, $"{at}[{index}]", errors);
            }
        }

        if (value is JsonObject members)
        {
            foreach (var required in schema["required"]?.AsArray() ?? [])
            {
                if (!members.ContainsKey(required!.GetValue<string>()))
                {
                    errors.Add($"{at}.{required} is required but missing");
                }
            }

            var properties = schema["properties"]?.AsObject();
            foreach (var (member, memberValue) in members)
            {
                if (properties?[member] is { } property)
                {
                    Validate(memberValue, property, $"{at}.{member}", errors);
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    Validate(memberValue, additional, $"{at}.{member}", errors);
                }
                else if (properties is not null && schema["additionalProperties"]?.GetValue<bool>() == false)
                {
                    errors.Add($"{at}.{member} is not a member its schema allows");
                }
            }
        }
    }
}
