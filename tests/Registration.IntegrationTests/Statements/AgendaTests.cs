using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Statements;

public sealed class AgendaTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_secretariat_numbers_items_joint_ones_belong_to_several_meetings_and_anyone_reads_the_agenda()
    {
        var eventId = await api.EventAsync();
        var secretariat = api.Client().AsSecretariat();
        var joint = await api.AgendaItemAsync(eventId, "3", "WGAR-17", "EMIC-12", "IRG-14R");
        await api.AgendaItemAsync(eventId, "5", "WGAR-17");

        using (var taken = await secretariat.PostAsync($"/api/v1/events/{eventId}/agenda-items", new { number = "3", title = "Again", meetings = new[] { "EMIC-12" } }))
        {
            await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "agenda-item-number-taken");
        }

        using (var unknown = await secretariat.PostAsync($"/api/v1/events/{eventId}/agenda-items", new { number = "6", title = "Other", meetings = new[] { "COSP-10" } }))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        }

        using (var delegation = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/agenda-items", new { number = "7", title = "Other", meetings = new[] { "EMIC-12" } }))
        {
            delegation.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var anonymous = api.Client().Anonymous();
        var all = await anonymous.GetJsonAsync($"/api/v1/events/{eventId}/agenda-items");
        var items = all.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("number").GetString()).ShouldBe(["3", "5"]);
        items[0].GetProperty("meetings").EnumerateArray().Select(m => m.GetString()).ShouldBe(["EMIC-12", "IRG-14R", "WGAR-17"], "in the event's order");
        var emic = await anonymous.GetJsonAsync($"/api/v1/events/{eventId}/agenda-items?meeting=EMIC-12");
        emic.GetProperty("items").EnumerateArray().Select(i => i.Id()).ShouldBe([joint]);

        using var changed = await secretariat.PatchAsync($"/api/v1/events/{eventId}/agenda-items/{joint}", new { title = "Thematic discussion" });
        (await changed.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("title").GetString().ShouldBe("Thematic discussion");
    }
}
