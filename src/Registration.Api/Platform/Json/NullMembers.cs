using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Registration.Api.Platform.Json;

/// <summary>
/// Request bodies may not put <c>null</c> where the C# declaration says there is none: a list member declared
/// non-nullable (<c>"delegateIds": null</c>), or an element of a list whose elements are non-nullable
/// (<c>"meetings": [null]</c>). Validators and handlers then never meet a null they did not declare, for every request
/// type with a list, present and future; the refusal is a <c>400 validation-failed</c> naming the member.
/// </summary>
internal static class NullMembers
{
    public static void RefuseUndeclaredNulls(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || type.Type.Assembly != typeof(NullMembers).Assembly)
        {
            return;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var property in type.Properties)
        {
            if (property.Set is not { } set || property.AttributeProvider is not PropertyInfo member || !IsList(member.PropertyType))
            {
                continue;
            }

            var declared = nullability.Create(member);
            var listMayBeNull = declared.WriteState != NullabilityState.NotNull;
            var element = declared.ElementType ?? (declared.GenericTypeArguments is [var only] ? only : null);
            var elementsMayBeNull = element is null || element.Type.IsValueType
                || element.ReadState != NullabilityState.NotNull; // value types refuse null themselves
            var name = property.Name;
            property.Set = (target, value) =>
            {
                if (value is null && !listMayBeNull)
                {
                    throw new UndeclaredNullException($"{name} must be a list; it cannot be null.");
                }

                if (!elementsMayBeNull && value is IEnumerable items)
                {
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is null)
                        {
                            throw new UndeclaredNullException($"{name}[{index}] cannot be null.");
                        }

                        index++;
                    }
                }

                set(target, value);
            };
        }
    }

    private static bool IsList(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}

/// <summary>A request body put null where the declaration allows none; the message names the member.</summary>
public sealed class UndeclaredNullException(string message) : JsonException(message);
