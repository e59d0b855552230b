using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Calls;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Idempotency;

/// <summary>
/// One creating <c>POST</c>, set up on a fresh event: the n-th caller of the operation's role (each its own subject),
/// the n-th distinct request (the same n builds the same content anew: a new <see cref="HttpRequestMessage"/>, and for an
/// upload a new multipart boundary), and how many of the things the operation creates exist.
/// </summary>
public sealed class CreatingPost
{
    public required string Name { get; init; }

    public required Func<int, ApiClient> Caller { get; init; }

    public required Func<int, HttpRequestMessage> Request { get; init; }

    public required Func<Task<long>> CountAsync { get; init; }

    public HttpStatusCode Success { get; init; } = HttpStatusCode.Created;

    /// <summary>A caller may create one only (a participant registers once per event): its second request is refused as such.</summary>
    public bool OnePerCaller { get; init; }

    /// <summary>Asserts the answer to a caller's request with content it has not sent before: created, or refused because it has one.</summary>
    public async Task ShouldBeAnswerToANewRequestAsync(HttpResponseMessage response)
    {
        if (OnePerCaller)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "already-registered");
        }
        else
        {
            await response.ShouldHaveAsync(Success);
        }

        response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }

    public static readonly string[] Names =
        ["CreateEvent", "CreateDelegation", "RegisterDelegate", "RegisterSelf", "UploadNoteVerbale", "UploadDelegateNoteVerbale", "BulkApproveDelegates",
         "CreateAgendaItem", "SubmitStatement", "CreateSitting", "BookRemoteSlot",
         "CreateMission", "ImportMissions", "UploadLetterTemplate", "CreateLetterRun", "CreateCall", "SubmitContribution", "UploadContributionFile"];

    public static TheoryData<string> All => [.. Names];

    /// <summary>Sends <see cref="Request"/>(<paramref name="content"/>) as <see cref="Caller"/>(<paramref name="caller"/>) with the key.</summary>
    public Task<HttpResponseMessage> SendAsync(string key, int content = 0, int caller = 0)
    {
        var request = Request(content);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return Caller(caller).Http.SendAsync(request);
    }

    private static readonly string[] Countries =
        ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD"];

    public static async Task<CreatingPost> ArrangeAsync(ApiFactory api, string name)
    {
        var run = $"{Random.Shared.Next():X8}";
        switch (name)
        {
            case "CreateEvent":
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json("/api/v1/events", Requests.JointEvent($"IDEM-{run}-{n}")),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM events WHERE code LIKE @p", ("p", $"IDEM-{run}-%")),
                };
            case "CreateDelegation":
            {
                var eventId = await api.EventAsync();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json($"/api/v1/events/{eventId}/delegations", new JsonObject { ["country"] = Countries[n] }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM delegations WHERE event_id = @e", ("e", eventId)),
                };
            }

            case "RegisterDelegate":
            {
                var eventId = await api.EventAsync();
                var delegationId = await api.DelegationAsync(eventId, "AUT");
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsDelegation("AUT", $"focal-point-{n}"),
                    Request = n => Json($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", $"Berger{n}", $"anna.berger{n}@example.gv.at")),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE delegation_id = @d", ("d", delegationId)),
                };
            }

            case "RegisterSelf":
            {
                var eventId = await api.EventAsync();
                return new CreatingPost
                {
                    Name = name,
                    // One registration per person and event: each caller is another person.
                    Caller = n => api.Client().AsParticipant($"person{n}@example.org"),
                    OnePerCaller = true,
                    Request = n => Json($"/api/v1/events/{eventId}/registrations", Arrange.Self("Anna", $"Berger{n}", Countries[n % 3])),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e", ("e", eventId)),
                };
            }

            case "UploadNoteVerbale":
            {
                var eventId = await api.EventAsync();
                var delegationId = await api.DelegationAsync(eventId, "AUT");
                var notes = new Notebook();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsDelegation("AUT", $"focal-point-{n}"),
                    Request = n => Upload($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", notes.Note(n)),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM notes_verbales WHERE delegation_id = @d", ("d", delegationId)),
                };
            }

            case "UploadDelegateNoteVerbale":
            {
                var eventId = await api.EventAsync();
                var nominee = await api.SelfRegisteredAsync(eventId, "anna.berger@example.org");
                var delegateId = nominee.GetProperty("id").GetGuid();
                var delegationId = nominee.GetProperty("delegationId").GetGuid();
                var notes = new Notebook();
                return new CreatingPost
                {
                    Name = name,
                    // The nominee, and the focal points of the nominee's delegation.
                    Caller = n => n == 0 ? api.Client().AsParticipant("anna.berger@example.org") : api.Client().AsDelegation("AUT", $"focal-point-{n}"),
                    Request = n => Upload($"/api/v1/events/{eventId}/delegates/{delegateId}/note-verbale", notes.Note(n)),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM notes_verbales WHERE delegation_id = @d", ("d", delegationId)),
                };
            }

            case "BulkApproveDelegates":
            {
                var eventId = await api.EventAsync();
                var delegationId = await api.DelegationAsync(eventId, "AUT");
                var people = Enumerable.Range(0, 20).Select(n => $"Ms. Anna BERGER{n}").ToArray();
                var delegates = new List<Guid>();
                for (var n = 0; n < people.Length; n++)
                {
                    delegates.Add((await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", $"Berger{n}"))).GetProperty("id").GetGuid());
                }

                await api.UploadNoteAsync(eventId, delegationId, Notes.Naming(people), "AUT");
                return new CreatingPost
                {
                    Name = name,
                    Success = HttpStatusCode.OK,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json($"/api/v1/events/{eventId}/delegates/bulk-approve", new JsonObject { ["delegateIds"] = new JsonArray(delegates[n].ToString()) }),
                    // A decision is a line in the delegate's history: approving twice would leave two (or a refusal).
                    CountAsync = () => api.ScalarAsync<long>(
                        "SELECT count(*) FROM delegate_history h JOIN delegates d ON d.id = h.delegate_id WHERE d.delegation_id = @d AND h.action = 'Approved'",
                        ("d", delegationId)),
                };
            }

            case "CreateMission":
            {
                // The directory is one for the whole database: each test of the class starts from an empty one.
                await ClearMissionsAsync(api);
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json("/api/v1/missions", new JsonObject { ["country"] = Countries[n], ["name"] = $"Permanent Mission {n}" }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM missions"),
                };
            }

            case "ImportMissions":
            {
                await ClearMissionsAsync(api);
                return new CreatingPost
                {
                    Name = name,
                    Success = HttpStatusCode.OK,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Upload("/api/v1/missions/import", Encoding.UTF8.GetBytes(
                        $"country,name,accreditedTo,addressLine2,addressLine3,city,postalCode,addressCountry,salutation,emails,language\r\n{Countries[n]},Permanent Mission {n},,,,,,,,,en\r\n"),
                        "missions.csv", "text/csv"),
                    // A line's mission is created once, whatever replays; each import with another country adds one.
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM missions"),
                };
            }

            case "UploadLetterTemplate":
            {
                // Built once per n: the same n must be the same bytes, whatever a package writer puts in its ZIP entries.
                var templates = Enumerable.Range(0, 20).Select(n => Docx.Build([[$"Reference {run}-{n}: ", "[[[Reference]]]"]])).ToArray();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Upload("/api/v1/letter-templates", templates[n], "template.docx", "application/octet-stream"),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM letter_templates"),
                };
            }

            case "CreateLetterRun":
            {
                var templateId = await Letters.Letters.TemplateAsync(api);
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json($"/api/v1/letter-templates/{templateId}/runs", new JsonObject { ["date"] = "2024-05-13", ["countries"] = new JsonArray(Countries[n]) }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM letter_runs WHERE template_id = @t", ("t", templateId)),
                };
            }

            case "CreateCall":
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json("/api/v1/calls", Calls.Calls.SeedCall(reference: $"CU {run}/{n}")),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM calls WHERE reference LIKE @p", ("p", $"CU {run}/%")),
                };

            case "SubmitContribution":
            {
                var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json($"/api/v1/calls/{callId}/contributions", new JsonObject { ["country"] = Countries[n], ["topic"] = Calls.Calls.Procurement, ["language"] = "en" }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM contributions WHERE call_id = @c", ("c", callId)),
                };
            }

            case "UploadContributionFile":
            {
                var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
                var contributionId = await api.ContributionAsync(callId, "AUT");
                var notes = new Notebook();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsDelegation("AUT", $"focal-point-{n}"),
                    Request = n => Upload($"/api/v1/calls/{callId}/contributions/{contributionId}/files", notes.Note(n), "contribution.pdf"),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM contribution_files WHERE contribution_id = @c", ("c", contributionId)),
                };
            }

            case "CreateAgendaItem":
            {
                var eventId = await api.EventAsync();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json($"/api/v1/events/{eventId}/agenda-items",
                        new JsonObject { ["number"] = $"{n + 1}", ["title"] = $"Item {n + 1}", ["meetings"] = new JsonArray("EMIC-12") }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM agenda_items WHERE event_id = @e", ("e", eventId)),
                };
            }

            case "SubmitStatement":
            {
                var eventId = await api.EventAsync();
                var delegationId = await api.DelegationAsync(eventId, "AUT");
                var itemId = await api.AgendaItemAsync(eventId, "3");
                var notes = new Notebook();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsDelegation("AUT", $"focal-point-{n}"),
                    Request = n => Statement($"/api/v1/events/{eventId}/delegations/{delegationId}/statements", itemId, notes.Note(n)),
                    // Each statement's file is in the store once its row committed: as many files as rows.
                    CountAsync = async () =>
                    {
                        var rows = await api.ScalarAsync<long>("SELECT count(*) FROM statements WHERE delegation_id = @d", ("d", delegationId));
                        var keys = await api.ScalarAsync<string[]>("SELECT coalesce(array_agg(storage_key), '{}') FROM statements WHERE delegation_id = @d", ("d", delegationId));
                        keys.Count(key => Directory.GetFiles(api.FilesRoot, key, SearchOption.AllDirectories).Length == 1).ShouldBe((int)rows);
                        return rows;
                    },
                };
            }

            case "CreateSitting":
            {
                var eventId = await api.EventAsync();
                string[] meetings = ["EMIC-12", "IRG-14R", "WGAR-17"];
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsSecretariat($"officer-{n}"),
                    Request = n => Json($"/api/v1/events/{eventId}/sittings", new JsonObject
                    {
                        ["meeting"] = meetings[n % 3],
                        ["date"] = $"2023-09-0{4 + (n / 3 % 5)}",
                        ["period"] = n / 15 % 2 == 0 ? "morning" : "afternoon",
                    }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM sittings WHERE event_id = @e", ("e", eventId)),
                };
            }

            case "BookRemoteSlot":
            {
                var eventId = await api.EventAsync();
                var delegationId = await api.DelegationAsync(eventId, "AUT");
                var itemId = await api.AgendaItemAsync(eventId, "3");
                var speaker = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", mode: "online"))).GetProperty("id").GetGuid();
                await api.SetStatusInDatabaseAsync(speaker, "Approved");
                using var planned = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/sittings",
                    new { meeting = "EMIC-12", date = "2023-09-04", period = "morning", remoteBudgetMinutes = 180 });
                var sittingId = (await planned.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
                return new CreatingPost
                {
                    Name = name,
                    Caller = n => api.Client().AsDelegation("AUT", $"focal-point-{n}"),
                    Request = n => Json($"/api/v1/events/{eventId}/sittings/{sittingId}/remote-slots",
                        new JsonObject { ["delegateId"] = speaker.ToString(), ["agendaItemId"] = itemId.ToString(), ["minutes"] = 1 + (n % 5) }),
                    CountAsync = () => api.ScalarAsync<long>("SELECT count(*) FROM remote_slots WHERE sitting_id = @s", ("s", sittingId)),
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "not a creating POST");
        }
    }

    private static HttpRequestMessage Json(string path, JsonObject body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static Task<long> ClearMissionsAsync(ApiFactory api) =>
        api.ScalarAsync<long>("WITH gone AS (DELETE FROM missions RETURNING 1) SELECT count(*) FROM gone");

    private static HttpRequestMessage Upload(string path, byte[] bytes, string fileName = "note-verbale.pdf", string contentType = "application/pdf")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static HttpRequestMessage Statement(string path, Guid agendaItemId, byte[] pdf)
    {
        var content = new MultipartFormDataContent { { new StringContent(agendaItemId.ToString()), "agendaItemId" } };
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "document", "statement.pdf");
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    /// <summary>The n-th note, built once: the same n is the same bytes.</summary>
    private sealed class Notebook
    {
        private readonly Dictionary<int, byte[]> notes = [];

        public byte[] Note(int n)
        {
            lock (notes)
            {
                return notes.TryGetValue(n, out var bytes) ? bytes : notes[n] = Notes.Naming($"Ms. Anna BERGER{n}", $"Reference {n}");
            }
        }
    }
}
