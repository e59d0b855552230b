using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;
using Registration.UnitTests.Matching;

namespace Registration.IntegrationTests.Statements;

/// <summary>The statements' own closing job, run by a real Hangfire server on PostgreSQL (the app's clock is moved; Hangfire waits in real time).</summary>
public sealed class StatementClosingJobTests(JobServerApi api) : IClassFixture<JobServerApi>
{
    [Fact]
    public async Task The_job_closes_statements_at_their_deadline_and_leaves_the_summary()
    {
        var deadline = api.Clock.GetUtcNow() + TimeSpan.FromSeconds(2);
        var eventId = await api.EventAsync(change: e => e.With("statementDeadline", deadline.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz")));
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var itemId = await api.AgendaItemAsync(eventId, "3");
        var client = api.Client().AsDelegation("AUT");
        using (var written = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Statement of Austria.")))
        {
            await written.ShouldHaveAsync(HttpStatusCode.Created);
        }

        using (var video = await client.SubmitVideoAsync(eventId, delegationId, itemId, await TestMedia.VideoAsync(60), meeting: "IRG-14R"))
        {
            await video.ShouldHaveAsync(HttpStatusCode.Created);
        }

        api.Clock.Set(deadline.AddSeconds(1));
        var summary = await Eventually.Async(
            () => api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/statements/summary"),
            s => s.GetProperty("closedAt").ValueKind != JsonValueKind.Null,
            "the statements' closing job to run");

        summary.GetProperty("accepting").GetBoolean().ShouldBeFalse();
        summary.GetProperty("atClosing").EnumerateArray()
            .Select(c => $"{c.GetProperty("meeting").GetString()} {c.GetProperty("agendaItemNumber").GetString()} {c.GetProperty("kind").GetString()} {c.GetProperty("state").GetString()} {c.GetProperty("count").GetInt32()}")
            .ShouldBe(["EMIC-12 3 written submitted 1", "IRG-14R 3 video submitted 1"]);
        (await api.ScalarAsync<long>("SELECT count(*) FROM statement_closures WHERE event_id = @e", ("e", eventId))).ShouldBe(1);
        using var late = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Late."));
        await late.ShouldBeProblemAsync(HttpStatusCode.Conflict, "statement-deadline-passed");
    }
}
