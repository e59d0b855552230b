using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.NotesVerbales;

/// <summary>
/// Writes that read what the other writes (a delegate and the notes it is checked against) run many times side by side:
/// whichever commits first, the outcome is the one a sequential order would give.
/// </summary>
public sealed class ConcurrentWritesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Rounds = 30;

    private sealed record Setup(Guid EventId, Guid DelegationId)
    {
        public string DelegatesPath => $"/api/v1/events/{EventId}/delegations/{DelegationId}/delegates";
        public string Delegate(Guid id) => $"/api/v1/events/{EventId}/delegates/{id}";
        public string Note(Guid id) => $"/api/v1/events/{EventId}/delegations/{DelegationId}/notes-verbales/{id}";
    }

    private async Task<Setup> DelegationAsync()
    {
        var eventId = await api.EventAsync();
        return new Setup(eventId, await api.DelegationAsync(eventId, "AUT"));
    }

    private Task<HttpResponseMessage> UploadAsync(Setup s, byte[] pdf) => api.Client().AsDelegation("AUT").UploadAsync(s.EventId, s.DelegationId, pdf);

    private async Task<Guid> CurrentNoteAsync(Setup s) =>
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{s.EventId}/delegations/{s.DelegationId}"))
            .GetProperty("currentNoteVerbaleId").GetGuid();

    private async Task<string?> MatchOnNoteAsync(Setup s, Guid noteId, Guid delegateId) =>
        (await api.Client().AsSecretariat().GetJsonAsync(s.Note(noteId))).GetProperty("matches").EnumerateArray()
            .Where(m => m.GetProperty("delegateId").GetGuid() == delegateId)
            .Select(m => m.GetProperty("status").GetString()).SingleOrDefault();

    private static (string? Status, Guid? NoteId) Evidence(JsonElement delegate_)
    {
        var evidence = delegate_.GetProperty("noteVerbale");
        var noteId = evidence.GetProperty("noteVerbaleId");
        return (evidence.GetProperty("status").GetString(), noteId.ValueKind == JsonValueKind.Null ? null : noteId.GetGuid());
    }

    [Fact]
    public async Task A_delegate_registered_while_a_note_naming_them_is_uploaded_is_matched_against_that_note()
    {
        var s = await DelegationAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var familyName = $"Berger{round}";
            var pdf = Notes.Naming($"Ms. Anna {familyName.ToUpperInvariant()}, Counsellor");

            var (registered, uploaded) = await Race.BothAsync(
                () => api.Client().AsDelegation("AUT").PostAsync(s.DelegatesPath, Arrange.Delegate("Anna", familyName)),
                () => UploadAsync(s, pdf));

            var delegateId = (await registered.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            var noteId = (await uploaded.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            (await CurrentNoteAsync(s)).ShouldBe(noteId);
            Evidence(await api.Client().AsSecretariat().GetJsonAsync(s.Delegate(delegateId))).ShouldBe(("matched", noteId), $"round {round}");
            (await MatchOnNoteAsync(s, noteId, delegateId)).ShouldBe("matched", $"round {round}");
            using var approval = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(delegateId)}/approve", new { });
            await approval.ShouldHaveAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_delegate_renamed_while_a_note_naming_the_new_name_is_uploaded_is_matched_against_that_note()
    {
        var s = await DelegationAsync();
        var delegateId = (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Anna", "Unnamed"))).GetProperty("id").GetGuid();
        for (var round = 0; round < Rounds; round++)
        {
            var familyName = $"Renamed{round}";
            var (edited, uploaded) = await Race.BothAsync(
                () => api.Client().AsDelegation("AUT").PatchAsync(s.Delegate(delegateId), new { familyName }),
                () => UploadAsync(s, Notes.Naming($"Ms. Anna {familyName}")));

            await edited.ShouldHaveAsync(HttpStatusCode.OK);
            var noteId = (await uploaded.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            Evidence(await api.Client().AsSecretariat().GetJsonAsync(s.Delegate(delegateId))).ShouldBe(("matched", noteId), $"round {round}");
            (await MatchOnNoteAsync(s, noteId, delegateId)).ShouldBe("matched", $"round {round}");
        }
    }

    [Fact]
    public async Task A_confirmation_racing_a_new_upload_is_kept_since_its_note_still_counts()
    {
        var s = await DelegationAsync();
        var delegateId = (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        for (var round = 0; round < Rounds; round++)
        {
            var scanned = (await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Scan(), "AUT")).GetProperty("id").GetGuid();

            var (confirmed, uploaded) = await Race.BothAsync(
                () => api.Client().AsSecretariat().PostAsync($"{s.Delegate(delegateId)}/note-verbale-confirmation", new { noteVerbaleId = scanned, comment = "Page 2." }),
                () => UploadAsync(s, Notes.Scan()));

            // Whichever commits first, both stand: a newer note does not undo a confirmation of a note that still counts.
            await confirmed.ShouldHaveAsync(HttpStatusCode.OK);
            await uploaded.ShouldHaveAsync(HttpStatusCode.Created);
            Evidence(await api.Client().AsSecretariat().GetJsonAsync(s.Delegate(delegateId))).ShouldBe(("confirmed", scanned), $"round {round}");
            using var superseded = await api.Client().AsSecretariat().PostAsync(
                $"/api/v1/events/{s.EventId}/delegations/{s.DelegationId}/notes-verbales/{scanned}/supersede", new { reason = "Replaced." });
            await superseded.ShouldHaveAsync(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_delegate_registered_while_the_note_naming_them_is_superseded_is_not_matched_by_it()
    {
        var s = await DelegationAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var familyName = $"Berger{round}";
            var noteId = (await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Naming($"Ms. Anna {familyName}"), "AUT")).GetProperty("id").GetGuid();

            var (registered, superseded) = await Race.BothAsync(
                () => api.Client().AsDelegation("AUT").PostAsync(s.DelegatesPath, Arrange.Delegate("Anna", familyName)),
                () => api.Client().AsSecretariat().PostAsync($"{s.Note(noteId)}/supersede", new { reason = "Sent in error." }));

            var delegateId = (await registered.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await superseded.ShouldHaveAsync(HttpStatusCode.OK);
            Evidence(await api.Client().AsSecretariat().GetJsonAsync(s.Delegate(delegateId))).ShouldBe(("missing", null), $"round {round}");
        }
    }

    [Fact]
    public async Task An_approval_racing_an_upload_that_drops_the_delegate_decides_on_one_note_and_the_upload_stands()
    {
        var s = await DelegationAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var delegateId = (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Anna", $"Berger{round}"))).GetProperty("id").GetGuid();
            var naming = (await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Naming($"Ms. Anna Berger{round}"), "AUT")).GetProperty("id").GetGuid();

            var (approved, uploaded) = await Race.BothAsync(
                () => api.Client().AsSecretariat().PostAsync($"{s.Delegate(delegateId)}/approve", new { }),
                () => UploadAsync(s, Notes.Naming("Mr. Jan Novak")));

            await uploaded.ShouldHaveAsync(HttpStatusCode.Created);
            if (approved.StatusCode == HttpStatusCode.OK)
            {
                var decided = await api.ScalarAsync<Guid>("SELECT decision_note_verbale_id FROM delegates WHERE id = @id", ("id", delegateId));
                decided.ShouldBe(naming, $"round {round}");
            }
            else
            {
                await approved.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch");
            }
        }
    }

    [Fact]
    public async Task A_withdrawal_racing_an_upload_leaves_both_done()
    {
        var s = await DelegationAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var delegateId = (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Anna", $"Berger{round}"))).GetProperty("id").GetGuid();

            var (withdrawn, uploaded) = await Race.BothAsync(
                () => api.Client().AsDelegation("AUT").PostAsync($"{s.Delegate(delegateId)}/withdraw", new { }),
                () => UploadAsync(s, Notes.Naming($"Ms. Anna Berger{round}")));

            await withdrawn.ShouldHaveAsync(HttpStatusCode.OK);
            await uploaded.ShouldHaveAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task A_bulk_approval_racing_an_upload_decides_on_one_note_and_the_upload_stands()
    {
        var s = await DelegationAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var delegateId = (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Anna", $"Berger{round}"))).GetProperty("id").GetGuid();
            await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Naming($"Ms. Anna Berger{round}"), "AUT");

            var (bulk, uploaded) = await Race.BothAsync(
                () => api.Client().AsSecretariat().PostAsync($"/api/v1/events/{s.EventId}/delegates/bulk-approve", new { delegateIds = new[] { delegateId } }),
                () => UploadAsync(s, Notes.Naming("Mr. Jan Novak")));

            await uploaded.ShouldHaveAsync(HttpStatusCode.Created);
            var outcome = (await bulk.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("results")[0];
            if (outcome.GetProperty("outcome").GetString() == "refused")
            {
                outcome.GetProperty("code").GetString().ShouldBe("note-verbale-mismatch", $"round {round}");
            }
        }
    }
}
