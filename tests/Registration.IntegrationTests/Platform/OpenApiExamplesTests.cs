using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>What Swagger UI's "Try it out" sends: every documented example, as it stands, is a request the API accepts.</summary>
public sealed class OpenApiExamplesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Operation(string Path, string Verb, JsonObject Definition)
    {
        public string Name => $"{Verb.ToUpperInvariant()} {Path}";
        public JsonNode? Example => Definition["requestBody"]?["content"]?["application/json"]?["example"];
        public bool DocumentsIfMatch => Definition["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "If-Match") ?? false;
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var response = await api.Client().Anonymous().GetAsync("/swagger/v1/swagger.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(verb => verb.Value is JsonObject { } operation && operation.ContainsKey("responses"))
            .Select(verb => new Operation(path.Key, verb.Key, verb.Value!.AsObject())))];
    }

    private static HttpRequestMessage Request(Operation operation, IReadOnlyDictionary<string, Guid> ids, string? ifMatch = null)
    {
        var path = ids.Aggregate(operation.Path, (current, id) => current.Replace($"{{{id.Key}}}", id.Value.ToString(), StringComparison.Ordinal))
            .Replace("{kind}", "registration-approved", StringComparison.Ordinal); // the e-mail template example's kind
        var request = new HttpRequestMessage(new HttpMethod(operation.Verb.ToUpperInvariant()), path);
        if (operation.Example is { } example)
        {
            request.Content = new StringContent(example.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    /// <summary>The operations that create what later examples' paths name, in the order a person works, with the path parameter each fills.</summary>
    private static readonly (string OperationId, string IdName)[] Creators =
    [
        ("CreateEvent", "eventId"),
        ("CreateDelegation", "delegationId"),
        ("RegisterDelegate", "delegateId"),
        ("CreateMission", "missionId"),
        ("CreateCall", "callId"),
        ("SubmitContribution", "contributionId"),
        ("CreateLetterRun", "runId"),
    ];

    // Sent in the order a person works: the event, its delegation, a delegate, ..., then everything else.
    private static int Order(Operation operation) =>
        Array.FindIndex(Creators, c => c.OperationId == operation.Definition["operationId"]!.GetValue<string>()) is var index and >= 0 ? index : Creators.Length;

    /// <summary>
    /// Each example is sent as the secretariat, and an operation that is not the secretariat's (403) as a participant:
    /// every example must be accepted by a caller the operation admits.
    /// </summary>
    [Fact]
    public async Task Every_documented_request_example_is_accepted_on_the_example_event()
    {
        var client = api.Client().AsSecretariat();
        var participant = api.Client().AsParticipant("lukas.huber@example.gv.at");
        // A letter template is a DOCX upload, which no JSON example can send: the run's example merges this one.
        var ids = new Dictionary<string, Guid> { ["templateId"] = await Letters.Letters.TemplateAsync(api) };
        var sent = 0;
        var createdByParticipant = 0;
        foreach (var operation in (await OperationsAsync()).Where(o => o.Example is not null).OrderBy(Order))
        {
            var response = await client.Http.SendAsync(Request(operation, ids));
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                response.Dispose();
                response = await participant.Http.SendAsync(Request(operation, ids));
                createdByParticipant += response.StatusCode == HttpStatusCode.Created ? 1 : 0;
            }

            using var answered = response;
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.ShouldNotBe(HttpStatusCode.BadRequest, $"{operation.Name} refused its own example: {body}");
            ((int)response.StatusCode).ShouldBeLessThan(500, $"{operation.Name}: {body}");
            sent++;
            if (Order(operation) < Creators.Length)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Created, $"{operation.Name} should create its resource from its example: {body}");
                ids[Creators[Order(operation)].IdName] = JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
            }
        }

        sent.ShouldBeGreaterThanOrEqualTo(8);
        createdByParticipant.ShouldBe(1, "the self-registration example registers the participant");
    }

    [Fact]
    public async Task Exactly_the_operations_that_document_if_match_refuse_a_stale_one()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var client = api.Client().AsSecretariat();
        var operations = await OperationsAsync();

        foreach (var operation in operations.Where(o => o.Path.Contains("{delegateId}", StringComparison.Ordinal) && o.Verb != "get"))
        {
            var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
            var ids = new Dictionary<string, Guid> { ["eventId"] = eventId, ["delegationId"] = delegationId, ["delegateId"] = delegateId };

            using var response = await client.Http.SendAsync(Request(operation, ids, ifMatch: "\"1\""));

            (response.StatusCode == HttpStatusCode.PreconditionFailed).ShouldBe(operation.DocumentsIfMatch, $"{operation.Name}: {await response.Content.ReadAsStringAsync()}");
        }

        var register = operations.Single(o => o.Definition["operationId"]!.GetValue<string>() == "RegisterDelegate");
        register.DocumentsIfMatch.ShouldBeFalse();
        using var registered = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates")
        {
            Content = new StringContent(Arrange.Delegate("Ben", "Novak").ToJsonString(), Encoding.UTF8, "application/json"),
            Headers = { IfMatch = { new EntityTagHeaderValue("\"1\"") } },
        });
        registered.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
