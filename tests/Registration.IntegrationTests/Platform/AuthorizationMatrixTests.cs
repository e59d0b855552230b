using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>
/// Every operation on a delegation's data, called by each kind of caller: anonymous (401), the delegation itself,
/// another country's delegation (404 for its data, 403 for secretariat operations) and the secretariat.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Scene(Guid EventId, Guid DelegationId, Guid DelegateId, Guid NoteId, Guid EventWithoutDelegations)
    {
        public string Event => $"/api/v1/events/{EventId}";
        public string Delegation => $"{Event}/delegations/{DelegationId}";
        public string Delegate => $"{Event}/delegates/{DelegateId}";
    }

    private sealed record Row(string Operation, Func<ApiClient, Scene, Task<HttpResponseMessage>> Call, HttpStatusCode Own, HttpStatusCode Other, HttpStatusCode Secretariat);

    private static readonly HttpStatusCode Ok = HttpStatusCode.OK;
    private static readonly HttpStatusCode Created = HttpStatusCode.Created;
    private static readonly HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private static readonly HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    private static readonly Row[] Rows =
    [
        new("create own country's delegation", (c, s) => c.PostAsync($"/api/v1/events/{s.EventWithoutDelegations}/delegations", new { country = "SWE" }), Created, Forbidden, Created),
        new("list delegations", (c, s) => c.GetAsync($"{s.Event}/delegations"), Ok, Ok, Ok),
        new("read delegation", (c, s) => c.GetAsync(s.Delegation), Ok, NotFound, Ok),
        new("register delegate", (c, s) => c.PostAsync($"{s.Delegation}/delegates", Arrange.Delegate("New", "Person")), Created, NotFound, Created),
        new("list delegation's delegates", (c, s) => c.GetAsync($"{s.Delegation}/delegates"), Ok, NotFound, Ok),
        new("list event's delegates", (c, s) => c.GetAsync($"{s.Event}/delegates"), Forbidden, Forbidden, Ok),
        new("read delegate", (c, s) => c.GetAsync(s.Delegate), Ok, NotFound, Ok),
        new("edit delegate", (c, s) => c.PatchAsync(s.Delegate, new { jobTitle = "Adviser" }), Ok, NotFound, Ok),
        new("withdraw delegate", (c, s) => c.PostAsync($"{s.Delegate}/withdraw", new { }), Ok, NotFound, Ok),
        new("upload note verbale", (c, s) => c.UploadAsync(s.EventId, s.DelegationId, Notes.Naming("Ms. Anna Berger")), Created, NotFound, Created),
        new("list notes verbales", (c, s) => c.GetAsync($"{s.Delegation}/notes-verbales"), Ok, NotFound, Ok),
        new("read note verbale", (c, s) => c.GetAsync($"{s.Delegation}/notes-verbales/{s.NoteId}"), Ok, NotFound, Ok),
        new("download note verbale", (c, s) => c.GetAsync($"{s.Delegation}/notes-verbales/{s.NoteId}/content"), Ok, NotFound, Ok),
        new("confirm note verbale", (c, s) => c.PostAsync($"{s.Delegate}/note-verbale-confirmation", new { noteVerbaleId = s.NoteId, comment = "Seen." }), Forbidden, Forbidden, Ok),
        new("approve", (c, s) => c.PostAsync($"{s.Delegate}/approve", new { }), Forbidden, Forbidden, Ok),
        new("reject", (c, s) => c.PostAsync($"{s.Delegate}/reject", new { reason = "No." }), Forbidden, Forbidden, Ok),
        new("bulk approve", (c, s) => c.PostAsync($"{s.Event}/delegates/bulk-approve", new { delegateIds = new[] { s.DelegateId } }), Forbidden, Forbidden, Ok),
        new("read history", (c, s) => c.GetAsync($"{s.Delegate}/history"), Forbidden, Forbidden, Ok),
        new("read summary", (c, s) => c.GetAsync($"{s.Event}/summary"), Forbidden, Forbidden, Ok),
        new("create event", (c, s) => c.PostAsync("/api/v1/events", Requests.JointEvent($"MATRIX-{Random.Shared.Next():X8}")), Forbidden, Forbidden, Created),
        new("change event", (c, s) => c.PatchAsync(s.Event, new { title = "Renamed" }), Forbidden, Forbidden, Ok),
    ];

    /// <summary>A fresh event where Sweden's delegation registered Anna Berger and uploaded a note naming her, and an event with no delegation yet.</summary>
    private async Task<Scene> SceneAsync()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "SWE");
        var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "SWE")).GetProperty("id").GetGuid();
        return new Scene(eventId, delegationId, delegateId, noteId, await api.EventAsync());
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("own delegation")]
    [InlineData("other delegation")]
    [InlineData("secretariat")]
    public async Task Every_operation_answers_each_kind_of_caller_as_the_contract_says(string caller)
    {
        var wrong = new List<string>();
        foreach (var row in Rows)
        {
            var scene = await SceneAsync();
            var client = caller switch
            {
                "anonymous" => api.Client().Anonymous(),
                "own delegation" => api.Client().AsDelegation("SWE"),
                "other delegation" => api.Client().AsDelegation("NOR"),
                _ => api.Client().AsSecretariat(),
            };
            var expected = caller switch
            {
                "anonymous" => HttpStatusCode.Unauthorized,
                "own delegation" => row.Own,
                "other delegation" => row.Other,
                _ => row.Secretariat,
            };

            using var response = await row.Call(client, scene);
            if (response.StatusCode != expected)
            {
                wrong.Add($"{row.Operation}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        wrong.ShouldBeEmpty();
    }
}
