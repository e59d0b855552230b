using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Changes;

/// <summary>The outbox and the change feed: every change recorded with the transaction that made it, none for one that rolled back.</summary>
public sealed class ChangeFeedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly ApiClient secretariat = api.Client().AsSecretariat();

    private static (string Type, Guid Subject) C(string type, Guid subject) => (type, subject);

    [Fact]
    public async Task Every_kind_of_change_is_recorded_once_in_commit_order_with_the_resource_as_the_API_answered_it()
    {
        var eventId = await api.EventAsync();
        var aut = await api.DelegationAsync(eventId, "AUT");
        List<(string Type, Guid Subject)[]> expected = [];
        Dictionary<Guid, JsonElement> answered = [];

        async Task<JsonElement> Step(HttpResponseMessage response, HttpStatusCode status, params (string Type, Guid Subject)[] changes)
        {
            using (response)
            {
                var body = await response.ShouldHaveAsync(status);
                expected.Add(changes);
                return body;
            }
        }

        // Registered by the focal point, and by the participant themselves.
        var anna = await Step(await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/delegates", Arrange.Delegate("Anna", "Berger")), HttpStatusCode.Created);
        var annaId = anna.GetProperty("id").GetGuid();
        expected[^1] = [C("delegate.registered", annaId)];
        var ben = await Step(await api.Client().AsParticipant("ben.huber@example.gv.at").PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Ben", "Huber")), HttpStatusCode.Created);
        var benId = ben.GetProperty("id").GetGuid();
        expected[^1] = [C("delegate.registered", benId)];

        var edited = await Step(await secretariat.PatchAsync($"/api/v1/events/{eventId}/delegates/{annaId}", new { jobTitle = "Minister Counsellor" }), HttpStatusCode.OK, C("delegate.updated", annaId));

        // A note naming Anna: the note, and both delegates checked against it (Anna matched, Ben unmatched).
        var annaNote = Notes.Naming("Ms. Anna BERGER, Minister Counsellor");
        var first = await Step(await api.Client().AsDelegation("AUT").UploadAsync(eventId, aut, annaNote), HttpStatusCode.Created);
        var firstId = first.GetProperty("id").GetGuid();
        expected[^1] = [C("note-verbale.uploaded", firstId), C("delegate.updated", annaId), C("delegate.updated", benId)];

        // The same bytes again, from the nominee: the note filed already, nothing recorded.
        await Step(await api.Client().AsParticipant("ben.huber@example.gv.at").UploadForDelegateAsync(eventId, benId, annaNote), HttpStatusCode.OK);

        var second = await Step(await api.Client().AsParticipant("ben.huber@example.gv.at").UploadForDelegateAsync(eventId, benId, Notes.Naming("Mr. Ben HUBER, Adviser")), HttpStatusCode.Created);
        var secondId = second.GetProperty("id").GetGuid();
        expected[^1] = [C("note-verbale.uploaded", secondId), C("delegate.updated", benId)];

        var approved = await Step(await secretariat.PostAsync($"/api/v1/events/{eventId}/delegates/{annaId}/approve", new { }), HttpStatusCode.OK, C("delegate.approved", annaId));
        await Step(await secretariat.PostAsync($"/api/v1/events/{eventId}/delegates/bulk-approve", new { delegateIds = new[] { benId } }), HttpStatusCode.OK, C("delegate.approved", benId));

        var carl = await Step(await secretariat.PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/delegates", Arrange.Delegate("Carl", "Gruber")), HttpStatusCode.Created);
        var carlId = carl.GetProperty("id").GetGuid();
        expected[^1] = [C("delegate.registered", carlId)];
        answered[carlId] = await Step(await secretariat.PostAsync($"/api/v1/events/{eventId}/delegates/{carlId}/reject", new { reason = "Not named in any note verbale." }), HttpStatusCode.OK, C("delegate.rejected", carlId));
        answered[benId] = await Step(await api.Client().AsParticipant("ben.huber@example.gv.at").PostAsync($"/api/v1/events/{eventId}/delegates/{benId}/withdraw", new { }), HttpStatusCode.OK, C("delegate.withdrawn", benId));

        // Retiring the first note leaves Anna (approved, active) named by no note that counts.
        answered[firstId] = await Step(
            await secretariat.PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/notes-verbales/{firstId}/supersede", new { reason = "Replaced." }),
            HttpStatusCode.OK, C("note-verbale.superseded", firstId), C("delegate.updated", annaId));

        // The deadline moved into the past closes registration at once; moved into the future again, it re-opens.
        var past = api.Clock.GetUtcNow().AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        var closed = await Step(await secretariat.PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = past }), HttpStatusCode.OK, C("registration.closed", eventId));
        closed.GetProperty("registrationStatus").GetString().ShouldBe("closed");
        closed.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.String);
        var reopened = await Step(await secretariat.PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = "2023-08-21" }), HttpStatusCode.OK, C("registration.reopened", eventId));

        var (changes, _) = await secretariat.ReadToEndAsync(eventId, limit: 3);

        // Each request's changes, in the order the requests committed (within one transaction, in any order).
        changes.Select(c => c.GetProperty("id").GetGuid()).Distinct().Count().ShouldBe(changes.Count);
        var at = 0;
        foreach (var step in expected.Where(s => s.Length > 0))
        {
            var block = changes.Skip(at).Take(step.Length).Select(c => (c.Type(), c.DataId())).OrderBy(c => c.Item1).ThenBy(c => c.Item2).ToList();
            block.ShouldBe([.. step.OrderBy(c => c.Type).ThenBy(c => c.Subject)], $"changes from {at} on");
            at += step.Length;
        }

        changes.Count.ShouldBe(at);
        changes.ShouldAllBe(c => c.GetProperty("eventId").GetGuid() == eventId);

        // Each change carries the answer its request got, and a reader who follows the feed ends with what the API shows.
        changes.First(c => c.Type() == "delegate.registered").GetProperty("data").ShouldBeSameJsonAs(anna);
        changes.First(c => c.Type() == "delegate.registered" && c.DataId() == benId).GetProperty("data").ShouldBeSameJsonAs(ben);
        changes.First(c => c.Type() == "delegate.updated").GetProperty("data").ShouldBeSameJsonAs(edited);
        changes.First(c => c.Type() == "delegate.approved").GetProperty("data").ShouldBeSameJsonAs(approved);
        changes.First(c => c.Type() == "registration.closed").GetProperty("data").ShouldBeSameJsonAs(closed);
        changes.Last().GetProperty("data").ShouldBeSameJsonAs(reopened);
        changes.Last().GetProperty("data").ShouldBeSameJsonAs(await api.Client().GetJsonAsync($"/api/v1/events/{eventId}"));
        foreach (var (id, answer) in answered)
        {
            changes.Last(c => c.DataId() == id).GetProperty("data").ShouldBeSameJsonAs(answer, $"the last change of {id}");
        }

        foreach (var delegateId in new[] { annaId, benId, carlId })
        {
            changes.Last(c => c.DataId() == delegateId).GetProperty("data")
                .ShouldBeSameJsonAs(await secretariat.GetJsonAsync($"/api/v1/events/{eventId}/delegates/{delegateId}"), $"delegate {delegateId}");
        }

        // A note is as it stood at its own change; whom it names is also told by each delegate's change (Carl, registered
        // after the second note, is matched against it in his delegate.registered).
        changes.Single(c => c.DataId() == secondId).GetProperty("data").ShouldBeSameJsonAs(second);
        // The note as its delegation reads it: the change leaves out the text, which the secretariat reads with the GET.
        changes.Last(c => c.DataId() == firstId).GetProperty("data")
            .ShouldBeSameJsonAs(await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{aut}/notes-verbales/{firstId}"));

        // The time is the application's clock at the change.
        changes.ShouldAllBe(c => c.GetProperty("timestamp").GetDateTimeOffset() == api.Clock.GetUtcNow());
    }

    [Fact]
    public async Task The_closing_job_records_registration_closed()
    {
        var eventId = await api.EventAsync();
        var deadline = (await api.Client().GetJsonAsync($"/api/v1/events/{eventId}")).GetProperty("registrationDeadline").GetDateTimeOffset();
        using var after = api.Clock.At(deadline.AddMinutes(1));

        using (var scope = api.Services.CreateScope())
        {
            (await scope.ServiceProvider.GetRequiredService<CloseRegistration>().RunAsync(eventId, deadline, CancellationToken.None)).ShouldBeTrue();
        }

        var change = (await secretariat.ReadToEndAsync(eventId)).Items.ShouldHaveSingleItem();
        change.Type().ShouldBe("registration.closed");
        change.GetProperty("timestamp").GetDateTimeOffset().ShouldBe(deadline.AddMinutes(1));
        change.GetProperty("data").GetProperty("closedAt").GetDateTimeOffset().ShouldBe(deadline.AddMinutes(1));
        change.GetProperty("data").ShouldBeSameJsonAs(await api.Client().GetJsonAsync($"/api/v1/events/{eventId}"));
    }

    [Fact]
    public async Task A_change_that_rolls_back_records_nothing()
    {
        var eventId = await api.EventAsync();
        var aut = await api.DelegationAsync(eventId, "AUT");
        var anna = (await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger", "anna@example.gv.at"))).GetProperty("id").GetGuid();
        var (before, cursor) = await secretariat.ReadToEndAsync(eventId);

        // The delegate and its change are in one batch: the address index refuses the delegate, and the change goes with it.
        using (var taken = await secretariat.PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/delegates", Arrange.Delegate("Anne", "Other", "ANNA@example.gv.at")))
        {
            await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
        }

        using (var refused = await secretariat.PostAsync($"/api/v1/events/{eventId}/delegates/{anna}/approve", new { }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-missing");
        }

        await api.UploadNoteAsync(eventId, aut, Notes.Naming("Ms. Anna BERGER"), "AUT");
        var noteChanges = (await secretariat.ReadToEndAsync(eventId, cursor)).Items;
        noteChanges.Select(c => c.Type()).OrderBy(t => t).ShouldBe(["delegate.updated", "note-verbale.uploaded"]);

        // Two approvals racing: one wins, and only its change is recorded.
        var (first, second) = await Race.BothAsync(
            () => api.Client().AsSecretariat("officer-1").PostAsync($"/api/v1/events/{eventId}/delegates/{anna}/approve", new { }),
            () => api.Client().AsSecretariat("officer-2").PostAsync($"/api/v1/events/{eventId}/delegates/{anna}/approve", new { }));
        using (first)
        using (second)
        {
            new[] { first.StatusCode, second.StatusCode }.OrderBy(s => s).ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        }

        var (all, _) = await secretariat.ReadToEndAsync(eventId);
        all.Count.ShouldBe(before.Count + 3);
        all[^1].Type().ShouldBe("delegate.approved");
        (await api.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE event_id = @e", ("e", eventId))).ShouldBe(all.Count);
    }

    [Fact]
    public async Task An_integrator_pages_from_where_it_stopped_and_the_cursor_waits_at_the_end()
    {
        var eventId = await api.EventAsync();
        var aut = await api.DelegationAsync(eventId, "AUT");
        var empty = await secretariat.PageAsync(eventId);
        empty.GetProperty("items").GetArrayLength().ShouldBe(0);
        empty.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        empty.GetProperty("hasMore").GetBoolean().ShouldBeFalse();

        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.DelegateAsync(eventId, aut, Arrange.Delegate("Delegate", $"Number{i}"))).GetProperty("id").GetGuid());
        }

        var page1 = await secretariat.PageAsync(eventId, limit: 2);
        page1.GetProperty("items").EnumerateArray().Select(c => c.DataId()).ShouldBe(ids[..2]);
        page1.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        var page2 = await secretariat.PageAsync(eventId, page1.GetProperty("nextCursor").GetString(), limit: 2);
        page2.GetProperty("items").EnumerateArray().Select(c => c.DataId()).ShouldBe(ids[2..]);
        page2.GetProperty("hasMore").GetBoolean().ShouldBeFalse();

        // At the end the cursor stays where it is; a change committed later is what the next read brings.
        var end = page2.GetProperty("nextCursor").GetString();
        var nothing = await secretariat.PageAsync(eventId, end);
        nothing.GetProperty("items").GetArrayLength().ShouldBe(0);
        nothing.GetProperty("nextCursor").GetString().ShouldBe(end);
        var later = (await api.DelegateAsync(eventId, aut, Arrange.Delegate("Late", "Comer"))).GetProperty("id").GetGuid();
        (await secretariat.PageAsync(eventId, end)).GetProperty("items").EnumerateArray().Select(c => c.DataId()).ShouldBe([later]);

        // Another event's changes are not in this feed.
        var other = await api.EventAsync();
        await api.DelegationAsync(other, "AUT");
        (await secretariat.ReadToEndAsync(other)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_the_secretariat_reads_the_feed_with_valid_cursors_and_limits()
    {
        var eventId = await api.EventAsync();
        using (var anonymous = await api.Client().GetAsync($"/api/v1/events/{eventId}/changes"))
        {
            await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var delegation = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/changes"))
        {
            await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var unknown = await secretariat.GetAsync($"/api/v1/events/{Guid.NewGuid()}/changes"))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        }

        using (var badCursor = await secretariat.GetAsync($"/api/v1/events/{eventId}/changes?after=not-a-cursor"))
        {
            await badCursor.ShouldBeValidationProblemAsync("after");
        }

        using var badLimit = await secretariat.GetAsync($"/api/v1/events/{eventId}/changes?limit=0");
        await badLimit.ShouldBeValidationProblemAsync("limit");
    }
}
