using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Deadline;

public sealed class SummaryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_summary_counts_delegations_delegates_by_status_and_mode_and_lists_those_awaiting_a_note()
    {
        var eventId = await api.EventAsync();
        var austria = await api.DelegationAsync(eventId, "AUT");
        var germany = await api.DelegationAsync(eventId, "DEU");
        await api.DelegationAsync(eventId, "FRA");
        var anna = (await api.DelegateAsync(eventId, austria, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var ben = (await api.DelegateAsync(eventId, austria, Arrange.Delegate("Ben", "Huber", mode: "online"))).GetProperty("id").GetGuid();
        var lena = (await api.DelegateAsync(eventId, germany, Arrange.Delegate("Lena", "Schmidt"))).GetProperty("id").GetGuid();
        var karl = (await api.DelegateAsync(eventId, germany, Arrange.Delegate("Karl", "Wolf"))).GetProperty("id").GetGuid();
        await api.UploadNoteAsync(eventId, austria, Notes.Naming("Ms. Anna BERGER"), "AUT");
        using (var approve = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{anna}/approve", new { }))
        {
            await approve.ShouldHaveAsync(HttpStatusCode.OK);
        }

        using (var withdraw = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{karl}/withdraw", new { }))
        {
            await withdraw.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var summary = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/summary");

        summary.GetProperty("registrationStatus").GetString().ShouldBe("open");
        summary.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        summary.GetProperty("atClosing").ValueKind.ShouldBe(JsonValueKind.Null);
        var counts = summary.GetProperty("counts");
        counts.GetProperty("delegations").GetInt32().ShouldBe(3);
        var byStatus = counts.GetProperty("delegatesByStatus");
        (byStatus.GetProperty("pending").GetInt32(), byStatus.GetProperty("approved").GetInt32(), byStatus.GetProperty("rejected").GetInt32(), byStatus.GetProperty("withdrawn").GetInt32())
            .ShouldBe((2, 1, 0, 1));
        counts.GetProperty("activeDelegatesByMode").GetProperty("inPerson").GetInt32().ShouldBe(2);
        counts.GetProperty("activeDelegatesByMode").GetProperty("online").GetInt32().ShouldBe(1);
        var awaiting = summary.GetProperty("awaitingNoteVerbale").EnumerateArray()
            .Select(a => (a.GetProperty("delegateId").GetGuid(), a.GetProperty("noteVerbaleStatus").GetString())).ToList();
        awaiting.ShouldBe([(ben, "unmatched"), (lena, "missing")]);
        counts.GetProperty("delegatesAwaitingNoteVerbale").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Only_the_secretariat_reads_the_summary()
    {
        var eventId = await api.EventAsync();

        using var delegation = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/summary");
        using var anonymous = await api.Client().Anonymous().GetAsync($"/api/v1/events/{eventId}/summary");
        using var unknown = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{Guid.CreateVersion7()}/summary");

        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
    }
}
