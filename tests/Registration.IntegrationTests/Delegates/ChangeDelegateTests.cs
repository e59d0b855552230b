using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Delegates;

public sealed class ChangeDelegateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(Guid EventId, Guid DelegateId)> DelegateAsync(string country = "AUT")
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, country);
        var created = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"));
        return (eventId, created.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_edit_changes_only_the_members_sent()
    {
        var (eventId, id) = await DelegateAsync();

        using var response = await api.Client().AsDelegation("AUT").PatchAsync(
            $"/api/v1/events/{eventId}/delegates/{id}", new { participationMode = "online", jobTitle = (string?)null, meetings = new[] { "WGAR-17" } });

        var edited = await response.ShouldHaveAsync(HttpStatusCode.OK);
        edited.GetProperty("participationMode").GetString().ShouldBe("online");
        edited.GetProperty("jobTitle").ValueKind.ShouldBe(JsonValueKind.Null);
        edited.GetProperty("meetings").EnumerateArray().Select(m => m.GetString()).ShouldBe(["WGAR-17"]);
        edited.GetProperty("givenName").GetString().ShouldBe("Anna");
        edited.GetProperty("familyName").GetString().ShouldBe("Berger");
        edited.GetProperty("status").GetString().ShouldBe("pending");
    }

    [Fact]
    public async Task An_edit_of_an_approved_delegate_returns_it_to_pending()
    {
        var (eventId, id) = await DelegateAsync();
        await api.SetStatusInDatabaseAsync(id, "Approved");

        using var response = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { familyName = "Berger-Huber" });

        (await response.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("pending");
        (await api.ScalarAsync<string>("SELECT status FROM delegates WHERE id = @id", ("id", id))).ShouldBe("Pending");
    }

    [Theory]
    [InlineData("Withdrawn")]
    [InlineData("Rejected")]
    public async Task A_withdrawn_or_rejected_delegate_cannot_be_edited_or_withdrawn(string status)
    {
        var (eventId, id) = await DelegateAsync();
        await api.SetStatusInDatabaseAsync(id, status);

        using var edit = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Anne" });
        using var withdraw = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegates/{id}/withdraw", new { });

        await edit.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        await withdraw.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        (await api.ScalarAsync<string>("SELECT given_name FROM delegates WHERE id = @id", ("id", id))).ShouldBe("Anna");
    }

    [Fact]
    public async Task A_pending_or_approved_delegate_is_withdrawn_even_after_the_deadline()
    {
        var (eventId, pending) = await DelegateAsync("AUT");
        var (otherEvent, approved) = await DelegateAsync("DEU");
        await api.SetStatusInDatabaseAsync(approved, "Approved");
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 8, 25, 0, 0, 0, TimeSpan.Zero));

        using var first = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegates/{pending}/withdraw", new { });
        using var second = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{otherEvent}/delegates/{approved}/withdraw", new { });

        (await first.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("withdrawn");
        (await second.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("withdrawn");
    }

    [Fact]
    public async Task Editing_after_the_deadline_is_refused_and_changes_nothing()
    {
        var (eventId, id) = await DelegateAsync();
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 8, 22, 0, 0, 0, TimeSpan.Zero));

        using var response = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Anne" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        (await api.ScalarAsync<string>("SELECT given_name FROM delegates WHERE id = @id", ("id", id))).ShouldBe("Anna");
    }

    [Fact]
    public async Task Changing_the_email_to_another_active_delegates_address_is_refused()
    {
        var (eventId, id) = await DelegateAsync();
        var delegationId = await api.ScalarAsync<Guid>("SELECT delegation_id FROM delegates WHERE id = @id", ("id", id));
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Berger", "ben.berger@example.gv.at"));

        using var response = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { email = "BEN.berger@example.gv.at" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
    }

    [Theory]
    [InlineData("""{"givenName":""}""", "givenName")]
    [InlineData("""{"email":"not-an-address"}""", "email")]
    [InlineData("""{"participationMode":null}""", "participationMode")]
    [InlineData("""{"meetings":["NOPE-1"]}""", "meetings")]
    [InlineData("""{}""", "body")]
    public async Task A_broken_rule_in_an_edit_is_a_validation_failure(string body, string field)
    {
        var (eventId, id) = await DelegateAsync();

        using var response = await api.Client().AsDelegation("AUT").Http.PatchAsync(
            $"/api/v1/events/{eventId}/delegates/{id}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task If_match_with_the_current_etag_succeeds_and_with_a_stale_one_is_412_and_changes_nothing()
    {
        var (eventId, id) = await DelegateAsync();
        using var read = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/delegates/{id}");
        var etag = read.Headers.ETag!;

        var first = api.Client().AsDelegation("AUT");
        first.Http.DefaultRequestHeaders.IfMatch.Add(etag);
        using var firstEdit = await first.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Annemarie" });
        var second = api.Client().AsSecretariat();
        second.Http.DefaultRequestHeaders.IfMatch.Add(etag);
        using var staleEdit = await second.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Annelise" });

        await firstEdit.ShouldHaveAsync(HttpStatusCode.OK);
        firstEdit.Headers.ETag!.Tag.ShouldNotBe(etag.Tag);
        await staleEdit.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        (await api.ScalarAsync<string>("SELECT given_name FROM delegates WHERE id = @id", ("id", id))).ShouldBe("Annemarie");
    }

    [Fact]
    public async Task Concurrent_edits_with_the_same_etag_leave_exactly_one_winner()
    {
        var (eventId, id) = await DelegateAsync();
        using var read = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/delegates/{id}");
        var etag = read.Headers.ETag!;

        var edits = Enumerable.Range(0, 6).Select(async i =>
        {
            var client = api.Client().AsDelegation("AUT");
            client.Http.DefaultRequestHeaders.IfMatch.Add(etag);
            using var response = await client.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { jobTitle = $"Edit {i}" });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(edits);

        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.PreconditionFailed).ShouldBe(5);
    }

    [Fact]
    public async Task A_malformed_if_match_is_412()
    {
        var (eventId, id) = await DelegateAsync();
        var client = api.Client().AsDelegation("AUT");
        client.Http.DefaultRequestHeaders.TryAddWithoutValidation("If-Match", "W/\"1\"");

        using var response = await client.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Anne" });

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Another_countrys_delegate_is_not_found_for_every_operation()
    {
        var (eventId, id) = await DelegateAsync("AUT");
        var other = api.Client().AsDelegation("DEU");

        using var read = await other.GetAsync($"/api/v1/events/{eventId}/delegates/{id}");
        using var edit = await other.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Eve" });
        using var withdraw = await other.PostAsync($"/api/v1/events/{eventId}/delegates/{id}/withdraw", new { });
        var delegationId = await api.ScalarAsync<Guid>("SELECT delegation_id FROM delegates WHERE id = @id", ("id", id));
        using var list = await other.GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates");

        await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
        await edit.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
        await withdraw.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
        await list.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        (await api.ScalarAsync<string>("SELECT status || given_name FROM delegates WHERE id = @id", ("id", id))).ShouldBe("PendingAnna");
    }

    [Fact]
    public async Task Anonymous_callers_are_401_on_every_delegate_operation()
    {
        var (eventId, id) = await DelegateAsync("AUT");
        var anonymous = api.Client().Anonymous();

        using var read = await anonymous.GetAsync($"/api/v1/events/{eventId}/delegates/{id}");
        using var edit = await anonymous.PatchAsync($"/api/v1/events/{eventId}/delegates/{id}", new { givenName = "Eve" });
        using var withdraw = await anonymous.PostAsync($"/api/v1/events/{eventId}/delegates/{id}/withdraw", new { });
        using var list = await anonymous.GetAsync($"/api/v1/events/{eventId}/delegates");

        foreach (var response in new[] { read, edit, withdraw, list })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }
    }
}
