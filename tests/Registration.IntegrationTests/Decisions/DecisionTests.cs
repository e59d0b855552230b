using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Decisions;

public sealed class DecisionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Setup(Guid EventId, Guid DelegationId, Guid DelegateId);

    private async Task<Setup> DelegateAsync(string given = "Anna", string family = "Berger", byte[]? note = null, string country = "AUT")
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, country);
        var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate(given, family))).GetProperty("id").GetGuid();
        if (note is not null)
        {
            await api.UploadNoteAsync(eventId, delegationId, note, country);
        }

        return new Setup(eventId, delegationId, delegateId);
    }

    private Task<HttpResponseMessage> ApproveAsync(Setup s, ApiClient? client = null) =>
        (client ?? api.Client().AsSecretariat()).PostAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}/approve", new { });

    private Task<HttpResponseMessage> RejectAsync(Setup s, string? reason, ApiClient? client = null) =>
        (client ?? api.Client().AsSecretariat()).PostAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}/reject", new { reason });

    private Task<HttpResponseMessage> ConfirmAsync(Setup s, Guid noteId, string comment = "Page 2 of the scanned note lists her.", ApiClient? client = null) =>
        (client ?? api.Client().AsSecretariat()).PostAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}/note-verbale-confirmation", new { noteVerbaleId = noteId, comment });

    private Task<string> StoredNoteStatusAsync(Setup s) =>
        api.ScalarAsync<string>("SELECT note_verbale_status FROM delegates WHERE id = @id", ("id", s.DelegateId));

    private Task<string> StoredStatusAsync(Setup s) => api.ScalarAsync<string>("SELECT status FROM delegates WHERE id = @id", ("id", s.DelegateId));

    private async Task<Guid> CurrentNoteAsync(Setup s) => await api.ScalarAsync<Guid>("SELECT current_note_verbale_id FROM delegations WHERE id = @id", ("id", s.DelegationId));

    [Fact]
    public async Task Approval_is_refused_while_the_delegation_has_no_note_verbale()
    {
        var s = await DelegateAsync();

        using var response = await ApproveAsync(s);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-missing");
        (await StoredStatusAsync(s)).ShouldBe("Pending");
    }

    [Fact]
    public async Task Approval_is_refused_while_the_note_verbale_does_not_name_the_delegate()
    {
        var s = await DelegateAsync(note: Notes.Naming("Mr. Ben ANNA, Adviser"));

        using var response = await ApproveAsync(s);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch");
        (await StoredStatusAsync(s)).ShouldBe("Pending");
    }

    [Fact]
    public async Task A_delegate_the_note_names_is_approved_and_the_decision_records_who_when_and_which_note()
    {
        var pdf = Notes.Naming("BERGER, Anna (Ms.), Counsellor");
        var s = await DelegateAsync(note: pdf);
        var noteId = await CurrentNoteAsync(s);

        using var response = await ApproveAsync(s, api.Client().AsSecretariat("officer-kim"));

        var approved = await response.ShouldHaveAsync(HttpStatusCode.OK);
        approved.GetProperty("status").GetString().ShouldBe("approved");
        var decision = approved.GetProperty("decision");
        decision.GetProperty("by").GetString().ShouldBe("officer-kim");
        decision.GetProperty("at").GetDateTimeOffset().ShouldBe(api.Clock.GetUtcNow());
        decision.GetProperty("reason").ValueKind.ShouldBe(JsonValueKind.Null);
        decision.GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
        decision.GetProperty("noteVerbaleSha256").GetString().ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)));
        (await StoredStatusAsync(s)).ShouldBe("Approved");
    }

    [Fact]
    public async Task A_scanned_note_needs_a_confirmation_by_hand_which_then_counts_as_matched()
    {
        var s = await DelegateAsync(note: Notes.Scan());
        var noteId = await CurrentNoteAsync(s);
        using var refused = await ApproveAsync(s);
        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch");

        using var confirm = await ConfirmAsync(s, noteId, "Scanned note, page 2 lists Ms. Berger.", api.Client().AsSecretariat("officer-lee"));
        var confirmed = await confirm.ShouldHaveAsync(HttpStatusCode.OK);
        using var approve = await ApproveAsync(s);

        confirmed.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("confirmed");
        confirmed.GetProperty("noteVerbale").GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
        var confirmation = confirmed.GetProperty("noteVerbale").GetProperty("confirmation");
        confirmation.GetProperty("by").GetString().ShouldBe("officer-lee");
        confirmation.GetProperty("comment").GetString().ShouldBe("Scanned note, page 2 lists Ms. Berger.");
        (await approve.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("approved");
    }

    [Fact]
    public async Task A_confirmation_holds_while_its_note_counts_and_falls_when_that_note_is_superseded()
    {
        var s = await DelegateAsync(note: Notes.Scan());
        var scanned = await CurrentNoteAsync(s);
        using var confirm = await ConfirmAsync(s, scanned);
        await confirm.ShouldHaveAsync(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Naming("Mr. Jan NOVAK"), "AUT");
        (await StoredNoteStatusAsync(s)).ShouldBe("Confirmed");

        using var supersede = await api.Client().AsSecretariat().PostAsync(
            $"/api/v1/events/{s.EventId}/delegations/{s.DelegationId}/notes-verbales/{scanned}/supersede", new { reason = "Illegible scan." });
        await supersede.ShouldHaveAsync(HttpStatusCode.OK);
        using var approve = await ApproveAsync(s);

        (await StoredNoteStatusAsync(s)).ShouldBe("Unmatched");
        await approve.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch");
    }

    [Fact]
    public async Task A_confirmation_must_name_a_note_that_counts_and_comes_only_from_the_secretariat()
    {
        var s = await DelegateAsync(note: Notes.Scan());
        var oldNote = await CurrentNoteAsync(s);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Scan(), "AUT");
        using var superseded = await api.Client().AsSecretariat().PostAsync(
            $"/api/v1/events/{s.EventId}/delegations/{s.DelegationId}/notes-verbales/{oldNote}/supersede", new { reason = "Replaced." });
        await superseded.ShouldHaveAsync(HttpStatusCode.OK);

        using var stale = await ConfirmAsync(s, oldNote);
        using var unknown = await ConfirmAsync(s, Guid.CreateVersion7());
        using var noComment = await ConfirmAsync(s, await CurrentNoteAsync(s), "  ");
        using var byDelegation = await ConfirmAsync(s, await CurrentNoteAsync(s), client: api.Client().AsDelegation("AUT"));

        await stale.ShouldBeValidationProblemAsync("noteVerbaleId");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "note-verbale-not-found");
        await noComment.ShouldBeValidationProblemAsync("comment");
        await byDelegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        (await api.ScalarAsync<string>("SELECT note_verbale_status FROM delegates WHERE id = @id", ("id", s.DelegateId))).ShouldBe("Unmatched");
    }

    [Fact]
    public async Task Rejection_needs_a_reason_records_it_and_frees_the_email_address()
    {
        var s = await DelegateAsync();
        using var noReason = await RejectAsync(s, " ");
        await noReason.ShouldBeValidationProblemAsync("reason");

        using var response = await RejectAsync(s, "Not named in the note verbale.");

        var rejected = await response.ShouldHaveAsync(HttpStatusCode.OK);
        rejected.GetProperty("status").GetString().ShouldBe("rejected");
        rejected.GetProperty("decision").GetProperty("reason").GetString().ShouldBe("Not named in the note verbale.");
        rejected.GetProperty("decision").GetProperty("noteVerbaleId").ValueKind.ShouldBe(JsonValueKind.Null);
        var email = rejected.GetProperty("email").GetString()!;
        await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Anna", "Berger", email));
    }

    [Fact]
    public async Task A_decided_or_withdrawn_delegate_cannot_be_decided_again()
    {
        var approved = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));
        using (var first = await ApproveAsync(approved))
        {
            await first.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var rejected = await DelegateAsync();
        using (var first = await RejectAsync(rejected, "No note."))
        {
            await first.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var withdrawn = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));
        using (var first = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{withdrawn.EventId}/delegates/{withdrawn.DelegateId}/withdraw", new { }))
        {
            await first.ShouldHaveAsync(HttpStatusCode.OK);
        }

        foreach (var (setup, status) in new[] { (approved, "Approved"), (rejected, "Rejected"), (withdrawn, "Withdrawn") })
        {
            using var approve = await ApproveAsync(setup);
            using var reject = await RejectAsync(setup, "Again.");
            await approve.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
            await reject.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
            (await StoredStatusAsync(setup)).ShouldBe(status);
        }
    }

    [Fact]
    public async Task Two_secretariat_members_deciding_at_the_same_moment_store_exactly_one_decision()
    {
        for (var round = 0; round < 5; round++)
        {
            var s = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));
            var approve = Task.Run(async () => { using var r = await ApproveAsync(s, api.Client().AsSecretariat("officer-a")); return r.StatusCode; });
            var reject = Task.Run(async () => { using var r = await RejectAsync(s, "Duplicate.", api.Client().AsSecretariat("officer-b")); return r.StatusCode; });

            var statuses = await Task.WhenAll(approve, reject);

            statuses.Count(code => code == HttpStatusCode.OK).ShouldBe(1);
            statuses.Count(code => code == HttpStatusCode.Conflict).ShouldBe(1);
            var decisions = await api.ScalarAsync<long>(
                "SELECT count(*) FROM delegate_history WHERE delegate_id = @id AND action IN ('Approved', 'Rejected')", ("id", s.DelegateId));
            decisions.ShouldBe(1);
        }
    }

    [Fact]
    public async Task Delegations_cannot_decide()
    {
        var s = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));

        using var approve = await ApproveAsync(s, api.Client().AsDelegation("AUT"));
        using var reject = await RejectAsync(s, "x", api.Client().AsDelegation("AUT"));
        using var anonymous = await ApproveAsync(s, api.Client().Anonymous());

        await approve.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await reject.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        (await StoredStatusAsync(s)).ShouldBe("Pending");
    }

    [Fact]
    public async Task Approving_rejecting_and_confirming_still_work_after_the_deadline()
    {
        var approveMe = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));
        var rejectMe = await DelegateAsync();
        var confirmMe = await DelegateAsync(note: Notes.Scan());
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 9, 1, 0, 0, 0, TimeSpan.Zero));

        using var approve = await ApproveAsync(approveMe);
        using var reject = await RejectAsync(rejectMe, "Late.");
        using var confirm = await ConfirmAsync(confirmMe, await CurrentNoteAsync(confirmMe));

        await approve.ShouldHaveAsync(HttpStatusCode.OK);
        await reject.ShouldHaveAsync(HttpStatusCode.OK);
        await confirm.ShouldHaveAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_edit_after_approval_returns_the_delegate_to_pending_without_its_decision()
    {
        var s = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));
        using (var approve = await ApproveAsync(s))
        {
            await approve.ShouldHaveAsync(HttpStatusCode.OK);
        }

        using var edit = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}", new { participationMode = "online" });

        var edited = await edit.ShouldHaveAsync(HttpStatusCode.OK);
        edited.GetProperty("status").GetString().ShouldBe("pending");
        edited.GetProperty("decision").ValueKind.ShouldBe(JsonValueKind.Null);
        edited.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
    }

    [Fact]
    public async Task The_status_cannot_be_set_through_an_edit()
    {
        var s = await DelegateAsync();

        using var edit = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}", new { jobTitle = "Adviser", status = "approved" });

        (await edit.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("pending");
        (await StoredStatusAsync(s)).ShouldBe("Pending");
    }

    [Fact]
    public async Task Approval_with_a_stale_if_match_is_412()
    {
        var s = await DelegateAsync(note: Notes.Naming("Ms. Anna Berger"));
        using var read = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}");
        var etag = read.Headers.ETag!;
        using (var edit = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{s.EventId}/delegates/{s.DelegateId}", new { jobTitle = "Adviser" }))
        {
            await edit.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var client = api.Client().AsSecretariat();
        client.Http.DefaultRequestHeaders.IfMatch.Add(etag);
        using var approve = await ApproveAsync(s, client);

        await approve.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        (await StoredStatusAsync(s)).ShouldBe("Pending");
    }
}
