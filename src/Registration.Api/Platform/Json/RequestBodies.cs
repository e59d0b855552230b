using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation.Results;

namespace Registration.Api.Platform.Json;

/// <summary>
/// Reads JSON request bodies. A value an enum does not have (<c>"participationMode": "hybrid"</c>) is not a broken
/// body but a broken field: it is reported as <c>validation-failed</c> naming the field and its allowed values, together
/// with every other rule the body breaks, instead of a serializer message with an internal type name.
/// </summary>
internal static class RequestBodies
{
    /// <summary>The failures' <c>ErrorCode</c>: the field had a value it does not allow (reported instead of "required").</summary>
    public const string UnknownValue = "unknown-value";

    private const string FailuresItem = "registration.unknown-enum-values";

    /// <summary>FastEndpoints' body deserializer: leaves unknown enum values out and remembers them for <see cref="Report"/>.</summary>
    public static async ValueTask<object?> ReadAsync(HttpRequest request, Type type, JsonSerializerOptions options, CancellationToken ct)
    {
        var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
        var failures = new List<ValidationFailure>();
        RemoveUnknownEnumValues(body, type, "", failures);
        if (failures.Count > 0)
        {
            request.HttpContext.Items[FailuresItem] = failures;
        }

        return body?.Deserialize(type, options);
    }

    /// <summary>FastEndpoints' binding modifier: the remembered failures join the request's, and the validator adds the rest.</summary>
    public static void Report(BinderContext context)
    {
        if (context.HttpContext.Items[FailuresItem] is List<ValidationFailure> failures)
        {
            context.ValidationFailures.AddRange(failures);
        }
    }

    private static void RemoveUnknownEnumValues(JsonNode? node, Type type, string path, List<ValidationFailure> failures)
    {
        if (node is not JsonObject body || type.IsPrimitive || type == typeof(string))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var member = body.FirstOrDefault(m => string.Equals(m.Key, name, StringComparison.OrdinalIgnoreCase));
            if (member.Key is null || member.Value is null)
            {
                continue;
            }

            var field = path + name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsEnum)
            {
                if (!IsValue(member.Value, propertyType))
                {
                    failures.Add(Unknown(field, member.Value, propertyType));
                    body.Remove(member.Key);
                }
            }
            else if (ElementType(propertyType) is { } elementType && member.Value is JsonArray items)
            {
                var element = Nullable.GetUnderlyingType(elementType) ?? elementType;
                for (var index = items.Count - 1; index >= 0; index--)
                {
                    if (element.IsEnum && items[index] is { } item && !IsValue(item, element))
                    {
                        failures.Add(Unknown($"{field}[{index}]", item, element));
                        items.RemoveAt(index);
                    }
                    else if (!element.IsEnum)
                    {
                        RemoveUnknownEnumValues(items[index], element, $"{field}[{index}].", failures);
                    }
                }
            }
            else if (propertyType.IsClass && propertyType.Assembly == typeof(RequestBodies).Assembly)
            {
                RemoveUnknownEnumValues(member.Value, propertyType, field + ".", failures);
            }
        }
    }

    private static Type? ElementType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;

    private static bool IsValue(JsonNode value, Type enumType) =>
        value.GetValueKind() == JsonValueKind.String && WireNames(enumType).Contains(value.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>As the serializer writes them: the member's own name where it has one (<c>delegate.registered</c>), else kebab-case.</summary>
    private static string[] WireNames(Type enumType) =>
        [.. enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(f.Name))];

    private static ValidationFailure Unknown(string field, JsonNode value, Type enumType) =>
        new(field, $"{field} must be one of {string.Join(", ", WireNames(enumType))}; {value.ToJsonString()} is not.") { ErrorCode = UnknownValue };
}
