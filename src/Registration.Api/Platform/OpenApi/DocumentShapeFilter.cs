using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Registration.Api.Platform.OpenApi;

/// <summary>
/// The document as a whole: tags in working order with descriptions, the server it is served from, and only the
/// schemas an operation uses (request types of reads, bound from the route and query, are not bodies).
/// </summary>
internal sealed partial class DocumentShapeFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "The server that serves this document." }];
        var used = document.Paths.Values
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(tag => tag.Name)
            .OfType<string>()
            .Distinct();
        document.Tags = new HashSet<OpenApiTag>(
            used.OrderBy(OpenApiTags.OrderOf).ThenBy(name => name, StringComparer.Ordinal)
                .Select(name => new OpenApiTag { Name = name, Description = OpenApiTags.DescriptionOf(name) }));
        RemoveUnusedSchemas(document);
    }

    private static void RemoveUnusedSchemas(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        // What the paths refer to, then what those schemas refer to, until nothing new is reached.
        var reached = new HashSet<string>(References(Serialize(w => { foreach (var (_, path) in document.Paths) { path.SerializeAsV3(w); } })), StringComparer.Ordinal);
        var pending = new Queue<string>(reached);
        while (pending.TryDequeue(out var name))
        {
            if (!schemas.TryGetValue(name, out var schema))
            {
                continue;
            }

            foreach (var referenced in References(Serialize(schema.SerializeAsV3)))
            {
                if (reached.Add(referenced))
                {
                    pending.Enqueue(referenced);
                }
            }
        }

        foreach (var unused in schemas.Keys.Where(name => !reached.Contains(name)).ToList())
        {
            schemas.Remove(unused);
        }
    }

    private static string Serialize(Action<IOpenApiWriter> write)
    {
        using var text = new StringWriter();
        var writer = new OpenApiJsonWriter(text);
        writer.WriteStartArray();
        write(writer);
        writer.WriteEndArray();
        return text.ToString();
    }

    private static IEnumerable<string> References(string json) =>
        SchemaReference().Matches(json).Select(match => match.Groups[1].Value);

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex SchemaReference();
}
