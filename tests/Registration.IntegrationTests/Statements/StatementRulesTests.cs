using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;
using Registration.UnitTests.Matching;

namespace Registration.IntegrationTests.Statements;

/// <summary>Who may submit, the statement deadline, review and publication, and the published page with its ranges.</summary>
public sealed class StatementRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>The test event's statement deadline: 28 August 2023, 23:59:59 in Vienna.</summary>
    private static readonly DateTimeOffset Deadline = new(2023, 8, 28, 23, 59, 59, TimeSpan.FromHours(2));

    private async Task<(Guid EventId, Guid DelegationId, Guid ItemId)> SceneAsync(string country)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, country);
        return (eventId, delegationId, await api.AgendaItemAsync(eventId, "3"));
    }

    [Fact]
    public async Task The_statement_deadline_is_enforced_from_its_instant_on_whether_or_not_the_job_ran()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("AUT");
        var client = api.Client().AsDelegation("AUT");

        using (api.Clock.At(Deadline.AddSeconds(-1)))
        {
            using var justBefore = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("On time."));
            await justBefore.ShouldHaveAsync(HttpStatusCode.Created);
        }

        using (api.Clock.At(Deadline))
        {
            using var atDeadline = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Too late."));
            await atDeadline.ShouldBeProblemAsync(HttpStatusCode.Conflict, "statement-deadline-passed");
            using var video = await client.SubmitVideoAsync(eventId, delegationId, itemId, await TestMedia.VideoAsync(60));
            await video.ShouldBeProblemAsync(HttpStatusCode.Conflict, "statement-deadline-passed");
        }

        (await api.StatementRowsAsync(delegationId)).ShouldBe(1);
    }

    [Fact]
    public async Task The_closing_job_closes_once_at_the_deadline_and_keeps_the_summary_by_meeting_item_kind_and_state()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("BEL");
        using (var submitted = await api.Client().AsDelegation("BEL").SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Statement.")))
        {
            await submitted.ShouldHaveAsync(HttpStatusCode.Created);
        }

        using var scope = api.Services.CreateScope();
        var close = scope.ServiceProvider.GetRequiredService<CloseStatements>();
        (await close.RunAsync(eventId, Deadline, CancellationToken.None)).ShouldBeFalse("not before the deadline");

        using (api.Clock.At(Deadline.AddMinutes(1)))
        {
            (await close.RunAsync(eventId, Deadline, CancellationToken.None)).ShouldBeTrue();
            (await close.RunAsync(eventId, Deadline, CancellationToken.None)).ShouldBeFalse("closed once");

            var summary = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/statements/summary");
            summary.GetProperty("accepting").GetBoolean().ShouldBeFalse();
            summary.GetProperty("closedAt").GetDateTimeOffset().ShouldBe(Deadline.AddMinutes(1));
            var count = summary.GetProperty("atClosing").EnumerateArray().ShouldHaveSingleItem();
            (count.GetProperty("meeting").GetString(), count.GetProperty("agendaItemNumber").GetString(), count.GetProperty("kind").GetString(),
                count.GetProperty("state").GetString(), count.GetProperty("count").GetInt32()).ShouldBe(("EMIC-12", "3", "written", "submitted", 1));
        }

        // Moved later, the deadline re-opens statements: the summary no longer shows a closing.
        using var moved = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { statementDeadline = "2023-09-01T12:00:00+02:00" });
        await moved.ShouldHaveAsync(HttpStatusCode.OK);
        var reopened = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/statements/summary");
        reopened.GetProperty("accepting").GetBoolean().ShouldBeTrue();
        reopened.GetProperty("atClosing").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task An_approved_participant_submits_for_their_delegation_and_others_see_nothing()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("SWE");
        var anna = (await api.SelfRegisteredAsync(eventId, "anna@example.se", Arrange.Self("Anna", "Berger", "SWE"))).GetProperty("id").GetGuid();
        var pdf = TestPdf.WithLines("Statement of Sweden.");

        using (var pending = await api.Client().AsParticipant("anna@example.se").SubmitDocumentAsync(eventId, delegationId, itemId, pdf))
        {
            await pending.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        }

        await api.SetStatusInDatabaseAsync(anna, "Approved");
        using var approved = await api.Client().AsParticipant("anna@example.se").SubmitDocumentAsync(eventId, delegationId, itemId, pdf);
        var statement = await approved.ShouldHaveAsync(HttpStatusCode.Created);

        using (var otherCountry = await api.Client().AsDelegation("NOR").GetAsync($"/api/v1/events/{eventId}/statements/{statement.Id()}"))
        {
            await otherCountry.ShouldBeProblemAsync(HttpStatusCode.NotFound, "statement-not-found");
        }

        using (var otherPerson = await api.Client().AsParticipant("someone@example.se").SubmitDocumentAsync(eventId, delegationId, itemId, pdf))
        {
            await otherPerson.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        }

        await api.Client().AsDelegation("SWE").GetJsonAsync($"/api/v1/events/{eventId}/statements/{statement.Id()}");
    }

    [Fact]
    public async Task Only_accepted_statements_are_published_and_the_public_page_lists_and_serves_them_with_ranges()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("FIN");
        var client = api.Client().AsDelegation("FIN");
        var secretariat = api.Client().AsSecretariat();
        var video = await TestMedia.VideoAsync(179);
        using var submittedVideo = await client.SubmitVideoAsync(eventId, delegationId, itemId, video);
        var videoId = (await submittedVideo.ShouldHaveAsync(HttpStatusCode.Created)).Id();
        using var submittedPdf = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Statement of Finland."));
        var pdfId = (await submittedPdf.ShouldHaveAsync(HttpStatusCode.Created)).Id();
        var statements = $"/api/v1/events/{eventId}/statements";

        using (var early = await secretariat.PostAsync($"{statements}/{videoId}/publish", new { }))
        {
            await early.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        }

        using (var delegationTries = await client.PostAsync($"{statements}/{videoId}/accept", new { }))
        {
            delegationTries.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var returned = await secretariat.PostAsync($"{statements}/{pdfId}/return", new { reason = "Please add the date." }))
        {
            var body = await returned.ShouldHaveAsync(HttpStatusCode.OK);
            body.GetProperty("state").GetString().ShouldBe("returned");
            body.GetProperty("returnReason").GetString().ShouldBe("Please add the date.");
        }

        (await (await secretariat.PostAsync($"{statements}/{videoId}/accept", new { })).ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("state").GetString().ShouldBe("accepted");
        var published = await (await secretariat.PostAsync($"{statements}/{videoId}/publish", new { })).ShouldHaveAsync(HttpStatusCode.OK);
        published.GetProperty("state").GetString().ShouldBe("published");

        var anonymous = api.Client().Anonymous();
        var page = await anonymous.GetJsonAsync($"/api/v1/events/{eventId}/published-statements");
        var item = page.GetProperty("items").EnumerateArray().ShouldHaveSingleItem("the returned statement is not published");
        item.GetProperty("label").GetString().ShouldBe("12th EMIC statement \u2013 Finland 3");
        item.GetProperty("countryName").GetString().ShouldBe("Finland");
        item.GetProperty("transcript").GetString().ShouldNotBeNullOrEmpty();
        var contentUrl = item.GetProperty("contentUrl").GetString()!;

        using (var whole = await anonymous.GetAsync(contentUrl))
        {
            whole.StatusCode.ShouldBe(HttpStatusCode.OK);
            whole.Headers.AcceptRanges.ShouldContain("bytes");
            (await whole.Content.ReadAsByteArrayAsync()).ShouldBe(video);
        }

        var ranged = new HttpRequestMessage(HttpMethod.Get, contentUrl);
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        using (var part = await anonymous.Http.SendAsync(ranged))
        {
            part.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
            part.Content.Headers.ContentRange!.ToString().ShouldBe($"bytes 100-199/{video.Length}");
            (await part.Content.ReadAsByteArrayAsync()).ShouldBe(video[100..200]);
        }

        var beyond = new HttpRequestMessage(HttpMethod.Get, contentUrl);
        beyond.Headers.Range = new RangeHeaderValue(video.Length + 10, video.Length + 20);
        using (var unsatisfiable = await anonymous.Http.SendAsync(beyond))
        {
            unsatisfiable.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        }

        using (var notPublished = await anonymous.GetAsync($"/api/v1/events/{eventId}/published-statements/{pdfId}/content"))
        {
            await notPublished.ShouldBeProblemAsync(HttpStatusCode.NotFound, "statement-not-found");
        }

        using (var again = await secretariat.PostAsync($"{statements}/{videoId}/return", new { reason = "Too late." }))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        }

        var desk = await secretariat.GetJsonAsync($"{statements}?state=returned");
        desk.GetProperty("items").EnumerateArray().Select(s => s.Id()).ShouldBe([pdfId]);
    }

    [Fact]
    public async Task The_sweep_removes_files_no_row_names_and_moves_committed_ones_into_place()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("IRL");
        using var submitted = await api.Client().AsDelegation("IRL").SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Statement of Ireland."));
        var statement = await submitted.ShouldHaveAsync(HttpStatusCode.Created);
        var key = await api.ScalarAsync<string>("SELECT storage_key FROM statements WHERE id = @id", ("id", statement.Id()));

        // As a process that stopped between the commit and the move leaves it: the committed file still staged.
        var placed = Directory.GetFiles(api.FilesRoot, key, SearchOption.AllDirectories).ShouldHaveSingleItem();
        var staging = Path.Combine(api.FilesRoot, ".staging");
        File.Move(placed, Path.Combine(staging, key));
        var orphan = Path.Combine(staging, Guid.CreateVersion7().ToString("N"));
        await File.WriteAllBytesAsync(orphan, [1, 2, 3]);
        var young = Path.Combine(staging, Guid.CreateVersion7().ToString("N"));
        await File.WriteAllBytesAsync(young, [4, 5, 6]);
        var old = api.Clock.GetUtcNow().UtcDateTime.AddHours(-2);
        File.SetLastWriteTimeUtc(Path.Combine(staging, key), old);
        File.SetLastWriteTimeUtc(orphan, old);
        File.SetLastWriteTimeUtc(young, api.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5));

        using var scope = api.Services.CreateScope();
        var (removed, moved) = await scope.ServiceProvider.GetRequiredService<SweepOrphanFiles>().RunAsync(CancellationToken.None);

        (removed, moved).ShouldBe((1, 1));
        File.Exists(orphan).ShouldBeFalse();
        File.Exists(young).ShouldBeTrue("an upload may still be running");
        File.Exists(placed).ShouldBeTrue();
        File.Delete(young);
    }
}
