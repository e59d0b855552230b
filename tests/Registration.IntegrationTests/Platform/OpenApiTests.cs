using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

public sealed class OpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Verbs = ["get", "post", "put", "patch", "delete"];

    private async Task<JsonNode> ServedAsync()
    {
        using var response = await api.Client().Anonymous().GetAsync("/swagger/v1/swagger.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_committed_document_equals_the_served_one()
    {
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Repository.File("openapi", "registration-v1.json")));
        var served = await ServedAsync();

        JsonNode.DeepEquals(committed, served).ShouldBeTrue(
            "openapi/registration-v1.json differs from what the API serves: run scripts/openapi and commit the result.");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_responses_and_a_security_declaration()
    {
        var document = await ServedAsync();
        var operations = Operations(document).ToList();

        operations.ShouldNotBeEmpty();
        foreach (var (path, verb, operation) in operations)
        {
            var name = $"{verb.ToUpperInvariant()} {path}";
            operation["operationId"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            operation["summary"]?.GetValue<string>().ShouldNotBeNullOrWhiteSpace(name);
            operation["responses"]!.AsObject().Count.ShouldBeGreaterThan(0, name);
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                operation["security"].ShouldNotBeNull(name);
            }
        }

        operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).ShouldBeUnique();
    }

    [Fact]
    public async Task Secured_operations_declare_401_and_403_problems_and_json_bodies_have_examples()
    {
        var document = await ServedAsync();

        foreach (var (path, verb, operation) in Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var name = $"{verb.ToUpperInvariant()} {path}";
            var responses = operation["responses"]!.AsObject();
            if (operation["security"]!.AsArray().Count > 0)
            {
                responses.ContainsKey("401").ShouldBeTrue(name);
                responses.ContainsKey("403").ShouldBeTrue(name);
                responses["401"]!["content"]!["application/problem+json"].ShouldNotBeNull(name);
            }

            if (operation["requestBody"]?["content"]?["application/json"] is { } body)
            {
                body["example"].ShouldNotBeNull($"{name} has no request example");
            }
        }
    }

    [Fact]
    public async Task Every_operation_documents_the_problems_any_request_can_meet()
    {
        var document = await ServedAsync();

        foreach (var (path, verb, operation) in Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var name = $"{verb.ToUpperInvariant()} {path}";
            var responses = operation["responses"]!.AsObject();
            string[] expected = ["400", "408", "414", "431", "500", "503", .. operation["requestBody"] is null ? Array.Empty<string>() : ["415"]];
            foreach (var status in expected)
            {
                responses[status]?["content"]?["application/problem+json"].ShouldNotBeNull($"{name} does not document {status}");
            }

            responses["503"]!["headers"]!["Retry-After"].ShouldNotBeNull(name);
        }
    }

    [Fact]
    public async Task Enums_are_lower_case_hyphenated_strings()
    {
        var schemas = (await ServedAsync())["components"]!["schemas"]!.AsObject();

        schemas["ParticipationMode"]!["type"]!.GetValue<string>().ShouldBe("string");
        schemas["ParticipationMode"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["in-person", "online"]);
        schemas["RegistrationStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["open", "closed"]);
    }

    [Fact]
    public async Task The_event_operations_of_the_contract_are_documented_with_their_paths()
    {
        var paths = (await ServedAsync())["paths"]!.AsObject();

        paths["/api/v1/events"]!["post"]!["operationId"]!.GetValue<string>().ShouldBe("CreateEvent");
        paths["/api/v1/events"]!["get"]!["operationId"]!.GetValue<string>().ShouldBe("ListEvents");
        paths["/api/v1/events/{eventId}"]!["get"]!["operationId"]!.GetValue<string>().ShouldBe("GetEvent");
        paths["/api/v1/events/{eventId}"]!["patch"]!["operationId"]!.GetValue<string>().ShouldBe("UpdateEvent");
        paths["/api/v1/events"]!["post"]!["responses"]!["409"].ShouldNotBeNull();
        paths["/api/v1/events"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ShouldBe(["limit", "cursor"], ignoreOrder: true);
    }

    [Fact]
    public async Task Tags_come_in_working_order_with_descriptions_and_health_last()
    {
        var document = await ServedAsync();
        var tags = document["tags"]!.AsArray().Select(t => t!.AsObject()).ToList();

        tags.Select(t => t["name"]!.GetValue<string>()).Take(6).ShouldBe(["Events", "Delegations", "Delegates", "Notes verbales", "Decisions", "Participants"]);
        tags[^1]["name"]!.GetValue<string>().ShouldBe("Health");
        tags.ShouldAllBe(t => !string.IsNullOrWhiteSpace(t["description"]!.GetValue<string>()));
        var used = Operations(document).SelectMany(o => o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())).ToHashSet();
        tags.Select(t => t["name"]!.GetValue<string>()).ShouldBe(used, ignoreOrder: true);
    }

    [Fact]
    public async Task Components_hold_only_schemas_an_operation_uses_and_the_info_names_contact_license_and_server()
    {
        var document = await ServedAsync();
        var schemas = document["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();

        schemas.ShouldNotContain("EmptyRequest");
        schemas.Where(name => name.StartsWith("List", StringComparison.Ordinal) && name.EndsWith("Request", StringComparison.Ordinal)).ShouldBeEmpty();
        var text = document.ToJsonString();
        schemas.ShouldAllBe(name => text.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal));
        document["info"]!["contact"]!["name"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        document["info"]!["license"]!["name"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        document["servers"]!.AsArray().Count.ShouldBe(1);
        Operations(document).ShouldAllBe(o => o.Operation["security"] != null);
    }

    [Fact]
    public async Task Idempotency_key_is_documented_on_exactly_the_creating_posts_with_its_answers()
    {
        var document = await ServedAsync();
        var honouring = Operations(document)
            .Where(o => o.Operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "Idempotency-Key") == true)
            .ToList();

        honouring.Select(o => o.Operation["operationId"]!.GetValue<string>()).ShouldBe(Idempotency.CreatingPost.Names, ignoreOrder: true);
        honouring.ShouldAllBe(o => o.Verb == "post");
        foreach (var (path, _, operation) in honouring)
        {
            var header = operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
            header["in"]!.GetValue<string>().ShouldBe("header");
            (header["required"]?.GetValue<bool>() ?? false).ShouldBeFalse(path);
            var responses = operation["responses"]!.AsObject();
            responses["409"]!["description"]!.GetValue<string>().ShouldContain("`request-in-progress`", Case.Sensitive, path);
            responses["409"]!["headers"]!["Retry-After"].ShouldNotBeNull(path);
            responses["422"]!["description"]!.GetValue<string>().ShouldContain("`idempotency-key-reused`", Case.Sensitive, path);
            responses["422"]!["content"]!["application/problem+json"].ShouldNotBeNull(path);
            foreach (var (status, success) in responses.Where(r => r.Key.StartsWith('2')))
            {
                success!["headers"]!["Idempotent-Replayed"].ShouldNotBeNull($"{path} {status}");
            }
        }

        // Nowhere else: a read or a change that is not a creation says nothing of keys or replays.
        var text = Operations(document).Except(honouring).Select(o => o.Operation.ToJsonString()).ToList();
        text.ShouldAllBe(t => !t.Contains("Idempotency-Key", StringComparison.Ordinal) && !t.Contains("Idempotent-Replayed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nullable_appears_only_beside_a_type()
    {
        var document = await ServedAsync();
        var misplaced = new List<string>();
        void Walk(JsonNode? node, string at)
        {
            switch (node)
            {
                case JsonObject item:
                    if (item.ContainsKey("nullable") && !item.ContainsKey("type"))
                    {
                        misplaced.Add(at);
                    }

                    foreach (var (name, value) in item)
                    {
                        Walk(value, $"{at}/{name}");
                    }

                    break;
                case JsonArray list:
                    for (var index = 0; index < list.Count; index++)
                    {
                        Walk(list[index], $"{at}/{index}");
                    }

                    break;
            }
        }

        Walk(document, "#");

        misplaced.ShouldBeEmpty();
        document.ToJsonString().ShouldContain("\"nullable\":true", Case.Sensitive, "the document has nullable members, so this test looks at something");
    }

    private static IEnumerable<(string Path, string Verb, JsonObject Operation)> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var verb in Verbs)
            {
                if (item![verb] is JsonObject operation)
                {
                    yield return (path, verb, operation);
                }
            }
        }
    }

    [Fact]
    public void The_conformance_check_every_test_runs_refuses_a_problem_the_schema_does_not_describe()
    {
        var problem = JsonNode.Parse("""{ "type": "about:blank", "title": "Not found.", "status": 404, "detail": "No such delegate." }""");

        OpenApiConformance.Check(problem, "ProblemResponse").ShouldContain("$.code is required but missing");
        problem!["code"] = "delegate-not-found";
        OpenApiConformance.Check(problem, "ProblemResponse").ShouldBeEmpty();
        problem["status"] = "404";
        OpenApiConformance.Check(problem, "ProblemResponse").ShouldNotBeEmpty();
        problem["status"] = 404;
        problem["unexpected"] = true;
        OpenApiConformance.Check(problem, "ProblemResponse").ShouldNotBeEmpty();
    }
}
