using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Decisions;

public sealed class HistoryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_change_of_a_delegate_is_recorded_with_who_what_when_and_the_statuses()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        using var register = await api.Client().AsDelegation("AUT", "focal-point").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger"));
        var id = (await register.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using (var upload = await api.Client().AsDelegation("AUT", "focal-point").UploadAsync(eventId, delegationId, Notes.Scan()))
        {
            await upload.ShouldHaveAsync(HttpStatusCode.Created);
        }

        var noteId = await api.ScalarAsync<Guid>("SELECT current_note_verbale_id FROM delegations WHERE id = @id", ("id", delegationId));
        foreach (var (client, path, body) in new (ApiClient, string, object)[]
        {
            (api.Client().AsSecretariat("officer-lee"), "note-verbale-confirmation", new { noteVerbaleId = noteId, comment = "Scan, page 2." }),
            (api.Client().AsSecretariat("officer-kim"), "approve", new { }),
        })
        {
            using var response = await client.PostAsync($"/api/v1/events/{eventId}/delegates/{id}/{path}", body);
            await response.ShouldHaveAsync(HttpStatusCode.OK);
        }

        using (var edit = await api.Client().AsDelegation("AUT", "focal-point").PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { jobTitle = "Minister" }))
        {
            await edit.ShouldHaveAsync(HttpStatusCode.OK);
        }

        using (var withdraw = await api.Client().AsDelegation("AUT", "focal-point").PostAsync($"/api/v1/events/{eventId}/delegates/{id}/withdraw", new { }))
        {
            await withdraw.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var history = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates/{id}/history");

        var entries = history.GetProperty("items").EnumerateArray().Select(e => (
            Action: e.GetProperty("action").GetString(),
            By: e.GetProperty("by").GetString(),
            Before: e.GetProperty("statusBefore").ValueKind == JsonValueKind.Null ? null : e.GetProperty("statusBefore").GetString(),
            After: e.GetProperty("statusAfter").GetString(),
            Note: e.GetProperty("noteVerbaleStatusAfter").GetString())).ToList();
        entries.ShouldBe(
        [
            ("registered", "focal-point", null, "pending", "missing"),
            ("note-verbale-checked", "focal-point", "pending", "pending", "unmatched"),
            ("note-verbale-confirmed", "officer-lee", "pending", "pending", "confirmed"),
            ("approved", "officer-kim", "pending", "approved", "confirmed"),
            ("edited", "focal-point", "approved", "pending", "confirmed"),
            ("withdrawn", "focal-point", "pending", "withdrawn", "confirmed"),
        ]);
        history.GetProperty("items")[2].GetProperty("detail").GetString().ShouldBe("Scan, page 2.");
        history.GetProperty("items")[2].GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
    }

    [Fact]
    public async Task Only_the_secretariat_reads_the_history()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var id = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();

        using var delegation = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/delegates/{id}/history");
        using var unknown = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegates/{Guid.CreateVersion7()}/history");

        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
    }
}

public sealed class BulkApprovalTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Each_delegate_is_decided_on_its_own_and_reported_in_the_order_asked()
    {
        var eventId = await api.EventAsync();
        var austria = await api.DelegationAsync(eventId, "AUT");
        var germany = await api.DelegationAsync(eventId, "DEU");
        var anna = (await api.DelegateAsync(eventId, austria, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var ben = (await api.DelegateAsync(eventId, austria, Arrange.Delegate("Ben", "Huber"))).GetProperty("id").GetGuid();
        var clara = (await api.DelegateAsync(eventId, austria, Arrange.Delegate("Clara", "Wolf"))).GetProperty("id").GetGuid();
        var lena = (await api.DelegateAsync(eventId, germany, Arrange.Delegate("Lena", "Schmidt"))).GetProperty("id").GetGuid();
        await api.UploadNoteAsync(eventId, austria, Notes.Naming("Ms. Anna BERGER", "Ms. Clara WOLF"), "AUT");
        using (var withdraw = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{clara}/withdraw", new { }))
        {
            await withdraw.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var unknown = Guid.CreateVersion7();
        using var response = await api.Client().AsSecretariat().PostAsync(
            $"/api/v1/events/{eventId}/delegates/bulk-approve", new { delegateIds = new[] { ben, anna, lena, clara, unknown } });

        var results = (await response.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("delegateId").GetGuid(), r.GetProperty("outcome").GetString(), r.GetProperty("code").ValueKind == JsonValueKind.Null ? null : r.GetProperty("code").GetString()))
            .ToList();
        results.ShouldBe(
        [
            (ben, "refused", "note-verbale-mismatch"),
            (anna, "approved", null),
            (lena, "refused", "note-verbale-missing"),
            (clara, "refused", "invalid-transition"),
            (unknown, "refused", "delegate-not-found"),
        ]);
        (await api.ScalarAsync<string>("SELECT string_agg(status, ',' ORDER BY given_name) FROM delegates WHERE event_id = @e", ("e", eventId)))
            .ShouldBe("Approved,Pending,Withdrawn,Pending");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task The_batch_holds_1_to_200_ids(int count)
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsSecretariat().PostAsync(
            $"/api/v1/events/{eventId}/delegates/bulk-approve", new { delegateIds = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray() });

        await response.ShouldBeValidationProblemAsync("delegateIds");
    }

    [Fact]
    public async Task Repeated_ids_are_refused_and_delegations_cannot_bulk_approve()
    {
        var eventId = await api.EventAsync();
        var id = Guid.CreateVersion7();

        using var repeated = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/bulk-approve", new { delegateIds = new[] { id, id } });
        using var delegation = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegates/bulk-approve", new { delegateIds = new[] { id } });

        await repeated.ShouldBeValidationProblemAsync("delegateIds");
        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
