using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Registration.Api.Platform.Json;

/// <summary>One set of JSON rules for FastEndpoints, minimal APIs and the OpenAPI schema generator.</summary>
public static class JsonSetup
{
    public static void Apply(JsonSerializerOptions options)
    {
        // ASP.NET Core writes its answers with this encoder (letters of every script and "+" as themselves, not \u escapes):
        // what the API stores or sends elsewhere (outbox payloads, webhook bodies) is written exactly the same way.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new NfcStrings());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(NullMembers.RefuseUndeclaredNulls);
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Apply(options);
        return options;
    }
}
