using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Calls;
using Registration.IntegrationTests.Infrastructure;
using Registration.IntegrationTests.Letters;

namespace Registration.IntegrationTests.Security;

/// <summary>
/// Hostile input derived from the OpenAPI document itself, so a new operation is covered without new test code: for
/// every operation, bodies with wrong types, nulls, missing and extra members, 100,000-character strings, control
/// characters, SQL and HTML, deep nesting and an oversized body; invalid ids, cursors and limits. Every answer is below
/// 500, every refusal is a problem with a code, and a refused request leaves the database as it was.
/// </summary>
public sealed class HostileInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] Tables =
        ["events", "delegations", "delegates", "notes_verbales", "note_verbale_matches", "delegate_history", "agenda_items", "statements", "sittings", "remote_slots",
         "missions", "letter_templates", "letter_runs", "calls", "contributions", "contribution_files"];

    private sealed record Operation(string Path, string Verb, JsonObject Definition)
    {
        public string Name => $"{Verb.ToUpperInvariant()} {Path}";
        public JsonObject? Example => Definition["requestBody"]?["content"]?["application/json"]?["example"] as JsonObject;
        public bool IsList => Definition["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "limit") ?? false;
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        using var response = await api.Client().Anonymous().GetAsync("/swagger/v1/swagger.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. document["paths"]!.AsObject()
            .Where(path => path.Key.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject()
                .Where(verb => verb.Value is JsonObject operation && operation.ContainsKey("responses"))
                .Select(verb => new Operation(path.Key, verb.Key, verb.Value!.AsObject())))];
    }

    private static IEnumerable<(string What, string Body)> HostileBodies(JsonObject example)
    {
        var hostileStrings = new (string What, JsonNode Value)[]
        {
            ("100,000 characters", JsonValue.Create(new string('x', 100_000))),
            ("control characters", JsonValue.Create("a\u0000b\u0007c\u001b")),
            ("SQL", JsonValue.Create("'; DROP TABLE delegates; --")),
            ("HTML", JsonValue.Create("<script>alert(1)</script>")),
        };
        var wrongTypes = new (string What, JsonNode? Value)[]
        {
            ("null", null),
            ("a number", JsonValue.Create(12345)),
            ("a string", JsonValue.Create("not what is expected")),
            ("an object", new JsonObject { ["nested"] = true }),
            ("an array", new JsonArray(1, "two", null)),
        };

        foreach (var member in example.Select(m => m.Key).ToList())
        {
            foreach (var (what, value) in wrongTypes.Concat(hostileStrings.Select(h => (h.What, (JsonNode?)h.Value))))
            {
                var body = (JsonObject)example.DeepClone();
                body[member] = value?.DeepClone();
                yield return ($"{member} as {what}", body.ToJsonString());
            }

            var without = (JsonObject)example.DeepClone();
            without.Remove(member);
            yield return ($"without {member}", without.ToJsonString());
        }

        var extra = (JsonObject)example.DeepClone();
        extra["unexpectedMember"] = "surprise";
        yield return ("an extra member", extra.ToJsonString());
        yield return ("an empty object", "{}");
        yield return ("an array instead of an object", "[]");
        yield return ("null instead of an object", "null");
        yield return ("deeply nested JSON", new string('[', 10_000) + new string(']', 10_000));
        yield return ("truncated JSON", example.ToJsonString()[..^1]);
        yield return ("a body over the limit", "{\"title\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
    }

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            counts[table] = await api.ScalarAsync<long>($"SELECT count(*) FROM {table}");
        }

        return counts;
    }

    [Fact]
    public async Task No_operation_answers_hostile_input_with_a_5xx_and_every_refusal_is_a_problem_that_changed_nothing()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT")).GetProperty("id").GetGuid();
        var agendaItemId = await api.AgendaItemAsync(eventId, "3");
        using var statement = await api.Client().AsDelegation("AUT").SubmitDocumentAsync(eventId, delegationId, agendaItemId, Notes.Naming("Statement of Austria"));
        var statementId = (await statement.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var sitting = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/sittings", new { meeting = "EMIC-12", date = "2023-09-04", period = "morning" });
        var sittingId = (await sitting.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var missionId = await api.MissionAsync("AUT", "Permanent Mission of Austria");
        var templateId = await api.TemplateAsync();
        var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
        var contributionId = await api.ContributionAsync(callId, "AUT");
        var ids = new Dictionary<string, string>
        {
            ["{eventId}"] = eventId.ToString(), ["{delegationId}"] = delegationId.ToString(),
            ["{delegateId}"] = delegateId.ToString(), ["{noteVerbaleId}"] = noteId.ToString(),
            ["{agendaItemId}"] = agendaItemId.ToString(), ["{statementId}"] = statementId.ToString(), ["{sittingId}"] = sittingId.ToString(),
            ["{missionId}"] = missionId.ToString(), ["{templateId}"] = templateId.ToString(),
            ["{callId}"] = callId.ToString(), ["{contributionId}"] = contributionId.ToString(),
        };
        var wrong = new List<string>();
        var sent = 0;

        foreach (var operation in await OperationsAsync())
        {
            var participant = operation.Path.Contains("/registrations", StringComparison.Ordinal) || operation.Path.StartsWith("/api/v1/me", StringComparison.Ordinal);
            var client = participant ? api.Client().AsParticipant("hostile@example.org") : api.Client().AsSecretariat();
            var path = ids.Aggregate(operation.Path, (current, id) => current.Replace(id.Key, id.Value, StringComparison.Ordinal));
            var attempts = new List<(string What, string Path, string? Body)>();
            foreach (var parameter in ids.Keys.Where(operation.Path.Contains))
            {
                attempts.Add(($"{parameter} not a UUID", operation.Path.Replace(parameter, "not-a-uuid'--", StringComparison.Ordinal).Replace("{", "").Replace("}", ""), operation.Example?.ToJsonString()));
            }

            if (operation.IsList)
            {
                foreach (var query in new[] { "limit=-1", "limit=0", "limit=99999999999", "limit=abc", "cursor=%00%01garbage", "cursor=" + new string('A', 5000) })
                {
                    attempts.Add((query, $"{path}?{query}", null));
                }
            }

            if (operation.Example is { } example)
            {
                attempts.AddRange(HostileBodies(example).Select(b => (b.What, path, (string?)b.Body)));
            }

            foreach (var (what, target, body) in attempts)
            {
                var before = await CountsAsync();
                using var request = new HttpRequestMessage(new HttpMethod(operation.Verb.ToUpperInvariant()), target);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                HttpResponseMessage response;
                try
                {
                    response = await client.Http.SendAsync(request);
                }
                catch (InvalidOperationException nonConforming)
                {
                    wrong.Add($"{operation.Name} with {what}: {nonConforming.Message.Split('\n')[0]}");
                    continue;
                }

                using (response)
                {
                    sent++;
                    var status = (int)response.StatusCode;
                    var text = await response.Content.ReadAsStringAsync();
                    if (what == "a body over the limit" && status != 413)
                    {
                        wrong.Add($"{operation.Name} with {what}: {status}, not 413 payload-too-large");
                    }

                    if (status >= 500)
                    {
                        wrong.Add($"{operation.Name} with {what}: {status} {text[..Math.Min(200, text.Length)]}");
                    }
                    else if (status >= 400)
                    {
                        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || JsonNode.Parse(text)?["code"] is null)
                        {
                            wrong.Add($"{operation.Name} with {what}: {status} without a problem code");
                        }

                        var after = await CountsAsync();
                        if (!after.SequenceEqual(before))
                        {
                            wrong.Add($"{operation.Name} with {what}: refused with {status} but the database changed");
                        }
                    }
                }
            }
        }

        sent.ShouldBeGreaterThan(500);
        wrong.ShouldBeEmpty();
    }
}
