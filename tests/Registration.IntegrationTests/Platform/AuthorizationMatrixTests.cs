using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>
/// Every operation on a delegation's data, called by each kind of caller: anonymous (401), the delegation itself,
/// another country's delegation (404 for its data, 403 for secretariat operations), the secretariat, the participant
/// who registered the delegate themselves (its own delegate only; 403 for anything of a delegation's or the
/// secretariat's) and another participant (404 for the delegate, as an unknown id).
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Scene(Guid EventId, Guid DelegationId, Guid DelegateId, Guid NoteId, Guid EventWithoutDelegations)
    {
        public string Event => $"/api/v1/events/{EventId}";
        public string Delegation => $"{Event}/delegations/{DelegationId}";
        public string Delegate => $"{Event}/delegates/{DelegateId}";
    }

    /// <summary>What each caller gets; a participant, the delegate's owner or not, is refused (403) unless the row says otherwise.</summary>
    private sealed record Row(
        string Operation,
        Func<ApiClient, Scene, Task<HttpResponseMessage>> Call,
        HttpStatusCode Own,
        HttpStatusCode Other,
        HttpStatusCode Secretariat,
        HttpStatusCode? Owner = null,
        HttpStatusCode? OtherParticipant = null);

    private const string Owner = "anna.berger@example.org";

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
        new("read delegate", (c, s) => c.GetAsync(s.Delegate), Ok, NotFound, Ok, Ok, NotFound),
        new("edit delegate", (c, s) => c.PatchAsync(s.Delegate, new { jobTitle = "Adviser" }), Ok, NotFound, Ok, Ok, NotFound),
        new("withdraw delegate", (c, s) => c.PostAsync($"{s.Delegate}/withdraw", new { }), Ok, NotFound, Ok, Ok, NotFound),
        new("upload note verbale", (c, s) => c.UploadAsync(s.EventId, s.DelegationId, Notes.Naming("Ms. Anna Berger")), Created, NotFound, Created),
        new("upload a delegate's note verbale", (c, s) => c.UploadForDelegateAsync(s.EventId, s.DelegateId, Notes.Naming("Addendum: Ms. Anna BERGER")), Created, NotFound, Created, Created, NotFound),
        new("supersede note verbale", (c, s) => c.PostAsync($"{s.Delegation}/notes-verbales/{s.NoteId}/supersede", new { reason = "Replaced." }), Forbidden, Forbidden, Ok),
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
        new("register oneself", (c, s) => c.PostAsync($"/api/v1/events/{s.EventWithoutDelegations}/registrations", Arrange.Self("Anna", "Berger", "SWE")), Forbidden, Forbidden, Forbidden, Created, Created),
        new("list own registrations", (c, s) => c.GetAsync("/api/v1/me/registrations"), Forbidden, Forbidden, Forbidden, Ok, Ok),
    ];

    /// <summary>
    /// A fresh event with Sweden's delegation, where Anna Berger registered herself and the delegation uploaded a note naming
    /// her, and an event with no delegation yet.
    /// </summary>
    private async Task<Scene> SceneAsync()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "SWE");
        var delegateId = (await api.SelfRegisteredAsync(eventId, Owner, Arrange.Self("Anna", "Berger", "SWE"))).GetProperty("id").GetGuid();
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "SWE")).GetProperty("id").GetGuid();
        return new Scene(eventId, delegationId, delegateId, noteId, await api.EventAsync());
    }

    [Theory]
    [InlineData("anonymous")]
    [InlineData("own delegation")]
    [InlineData("other delegation")]
    [InlineData("secretariat")]
    [InlineData("owning participant")]
    [InlineData("other participant")]
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
                "owning participant" => api.Client().AsParticipant(Owner),
                "other participant" => api.Client().AsParticipant("someone.else@example.org"),
                _ => api.Client().AsSecretariat(),
            };
            var expected = caller switch
            {
                "anonymous" => HttpStatusCode.Unauthorized,
                "own delegation" => row.Own,
                "other delegation" => row.Other,
                "owning participant" => row.Owner ?? Forbidden,
                "other participant" => row.OtherParticipant ?? Forbidden,
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
