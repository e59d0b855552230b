using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Registration.Api.Platform.OpenApi;

/// <summary>
/// States nullability and required members from the C# declarations. Swashbuckle reads only per-member nullable
/// metadata, which the compiler omits when a whole type is non-nullable. Responses always carry every member (null
/// where absent), so all their members are required; in requests (<c>*Request</c>, <c>*Input</c>) the non-nullable
/// members are required and the nullable ones optional.
/// </summary>
internal sealed class NullabilitySchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null || context.Type.Assembly != typeof(NullabilitySchemaFilter).Assembly)
        {
            return;
        }

        var isRequest = context.Type.Name.EndsWith("Request", StringComparison.Ordinal) || context.Type.Name.EndsWith("Input", StringComparison.Ordinal);
        var omitsNulls = context.Type.GetCustomAttribute<OmittedWhenNullAttribute>() is not null;
        var nullability = new NullabilityInfoContext();
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties.TryGetValue(name, out var member))
            {
                continue;
            }

            var markedRequired = property.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null;
            var nullable = !markedRequired && (Nullable.GetUnderlyingType(property.PropertyType) is not null
                || (!property.PropertyType.IsValueType && nullability.Create(property).ReadState != NullabilityState.NotNull));
            if (member is OpenApiSchema memberSchema && memberSchema.Type is { } type)
            {
                // A reference wrapped in allOf has no type of its own; OpenAPI 3.0 allows "nullable" only beside a "type".
                if ((type & ~JsonSchemaType.Null) == 0 && memberSchema.AllOf is { Count: > 0 })
                {
                    type = (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).IsEnum ? JsonSchemaType.String : JsonSchemaType.Object;
                }

                // A member left out when it has no value is optional, never null.
                memberSchema.Type = nullable && !omitsNulls ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
            }

            if (!(isRequest || omitsNulls) || !nullable)
            {
                concrete.Required ??= new HashSet<string>(StringComparer.Ordinal);
                concrete.Required.Add(name);
            }
        }
    }
}

/// <summary>The type is written without its null members (problem details): those members are optional, not nullable.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OmittedWhenNullAttribute : Attribute;
