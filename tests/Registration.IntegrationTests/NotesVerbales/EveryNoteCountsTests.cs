using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;
using Registration.UnitTests.Matching;

namespace Registration.IntegrationTests.NotesVerbales;

/// <summary>A Government may send several notes (a nomination, then an addendum): every note that is not superseded counts.</summary>
public sealed class EveryNoteCountsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Setup(Guid EventId, Guid DelegationId)
    {
        public string Delegate(Guid id) => $"/api/v1/events/{EventId}/delegates/{id}";
        public string Note(Guid id) => $"/api/v1/events/{EventId}/delegations/{DelegationId}/notes-verbales/{id}";
    }

    private async Task<Setup> DelegationAsync(string country = "AUT")
    {
        var eventId = await api.EventAsync();
        return new Setup(eventId, await api.DelegationAsync(eventId, country));
    }

    private async Task<Guid> RegisterAsync(Setup s, string given, string family) =>
        (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate(given, family))).GetProperty("id").GetGuid();

    private async Task<JsonElement> EvidenceAsync(Setup s, Guid delegateId) =>
        (await api.Client().AsSecretariat().GetJsonAsync(s.Delegate(delegateId))).GetProperty("noteVerbale");

    private static (string? Status, Guid? NoteId, int? Page) Read(JsonElement evidence) => (
        evidence.GetProperty("status").GetString(),
        evidence.GetProperty("noteVerbaleId").ValueKind == JsonValueKind.Null ? null : evidence.GetProperty("noteVerbaleId").GetGuid(),
        evidence.GetProperty("page").ValueKind == JsonValueKind.Null ? null : evidence.GetProperty("page").GetInt32());

    private async Task<Guid> UploadAsync(Setup s, byte[] pdf)
    {
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        return (await api.UploadNoteAsync(s.EventId, s.DelegationId, pdf, "AUT")).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> SupersedeAsync(Setup s, Guid noteId, string reason = "Replaced by a corrected note.") =>
        api.Client().AsSecretariat().PostAsync($"{s.Note(noteId)}/supersede", new { reason });

    [Fact]
    public async Task An_addendum_matches_one_more_delegate_without_unmatching_the_others()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");
        var jan = await RegisterAsync(s, "Jan", "Novak");
        var nomination = await UploadAsync(s, Notes.Naming("Ms. Anna BERGER, Counsellor"));

        var addendum = await UploadAsync(s, Notes.Naming("Addendum: Mr. Jan NOVAK, Adviser"));

        Read(await EvidenceAsync(s, anna)).ShouldBe(("matched", nomination, 1));
        Read(await EvidenceAsync(s, jan)).ShouldBe(("matched", addendum, 1));
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{s.EventId}/delegations/{s.DelegationId}"))
            .GetProperty("currentNoteVerbaleId").GetGuid().ShouldBe(addendum);
        foreach (var delegateId in new[] { anna, jan })
        {
            using var approved = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(delegateId)}/approve", new { });
            (await approved.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("decision").GetProperty("noteVerbaleId").GetGuid()
                .ShouldBe(delegateId == anna ? nomination : addendum);
        }
    }

    [Fact]
    public async Task A_delegate_registered_after_several_notes_is_matched_by_the_one_that_names_them_with_its_page()
    {
        var s = await DelegationAsync();
        var nomination = await UploadAsync(s, TestPdf.WithPages(
            ["The Permanent Mission has the honour to communicate the composition of its delegation:", "Ms. Anna BERGER"],
            ["Advisers:", "Mr. Jan NOVAK, Second Secretary"]));
        await UploadAsync(s, Notes.Naming("Addendum: Dr. Lena HOFER"));

        var jan = await RegisterAsync(s, "Jan", "Novak");

        Read(await EvidenceAsync(s, jan)).ShouldBe(("matched", nomination, 2));
        var matches = (await api.Client().AsSecretariat().GetJsonAsync(s.Note(nomination))).GetProperty("matches");
        matches.EnumerateArray().Single(m => m.GetProperty("delegateId").GetGuid() == jan).GetProperty("status").GetString().ShouldBe("matched");
    }

    [Fact]
    public async Task A_superseded_note_names_nobody_and_matches_are_recomputed_at_once()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");
        var first = await UploadAsync(s, Notes.Naming("Ms. Anna BERGER, Counsellor"));
        var second = await UploadAsync(s, Notes.Naming("Mr. Jan NOVAK"));

        using var response = await SupersedeAsync(s, first, "Sent in error; see the note of 16 August.");

        var note = await response.ShouldHaveAsync(HttpStatusCode.OK);
        note.GetProperty("superseded").GetProperty("reason").GetString().ShouldBe("Sent in error; see the note of 16 August.");
        note.GetProperty("isCurrent").GetBoolean().ShouldBeFalse();
        Read(await EvidenceAsync(s, anna)).ShouldBe(("unmatched", second, null));
        using var approval = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(anna)}/approve", new { });
        await approval.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch");

        using var again = await SupersedeAsync(s, first);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        using var last = await SupersedeAsync(s, second);
        await last.ShouldHaveAsync(HttpStatusCode.OK);
        Read(await EvidenceAsync(s, anna)).ShouldBe(("missing", null, null));
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{s.EventId}/delegations/{s.DelegationId}"))
            .GetProperty("currentNoteVerbaleId").ValueKind.ShouldBe(JsonValueKind.Null);
        using var missing = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(anna)}/approve", new { });
        await missing.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-missing");
    }

    [Fact]
    public async Task Only_the_secretariat_supersedes_with_a_reason()
    {
        var s = await DelegationAsync();
        var note = await UploadAsync(s, Notes.Naming("Ms. Anna BERGER"));

        using var byDelegation = await api.Client().AsDelegation("AUT").PostAsync($"{s.Note(note)}/supersede", new { reason = "Mine." });
        using var noReason = await SupersedeAsync(s, note, " ");
        using var unknown = await SupersedeAsync(s, Guid.CreateVersion7());

        await byDelegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await noReason.ShouldBeValidationProblemAsync("reason");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "note-verbale-not-found");
    }

    [Fact]
    public async Task The_same_bytes_uploaded_for_a_delegate_are_the_note_already_filed()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");
        var jan = await RegisterAsync(s, "Jan", "Novak");
        var pdf = Notes.Naming("Ms. Anna BERGER", "Mr. Jan NOVAK");

        using var first = await api.Client().AsDelegation("AUT").UploadForDelegateAsync(s.EventId, anna, pdf);
        using var second = await api.Client().AsSecretariat().UploadForDelegateAsync(s.EventId, jan, pdf);

        var filed = await first.ShouldHaveAsync(HttpStatusCode.Created);
        first.Headers.Location!.ToString().ShouldEndWith(s.Note(filed.GetProperty("id").GetGuid()));
        (await second.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("id").GetGuid().ShouldBe(filed.GetProperty("id").GetGuid());
        (await api.ScalarAsync<long>("SELECT count(*) FROM notes_verbales WHERE delegation_id = @d", ("d", s.DelegationId))).ShouldBe(1);
        Read(await EvidenceAsync(s, jan)).Status.ShouldBe("matched");
    }

    [Fact]
    public async Task A_delegate_of_another_delegation_is_not_found_for_an_upload()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");

        using var response = await api.Client().AsDelegation("DEU").UploadForDelegateAsync(s.EventId, anna, Notes.Naming("Ms. Anna BERGER"));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
    }
}
