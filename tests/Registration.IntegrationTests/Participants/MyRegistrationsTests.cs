using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Participants;

public sealed class MyRegistrationsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Path = "/api/v1/me/registrations";

    /// <summary>Registers and lets a second pass: ids are UUIDv7, ordered by their millisecond, and the test clock stands still otherwise.</summary>
    private async Task<Guid> RegisteredAsync(Guid eventId, string email, System.Text.Json.Nodes.JsonObject? body = null)
    {
        var id = (await api.SelfRegisteredAsync(eventId, email, body)).GetProperty("id").GetGuid();
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        return id;
    }

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid())];

    [Fact]
    public async Task A_participant_lists_its_own_registrations_in_every_event_withdrawn_ones_included_oldest_first()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var first = await api.EventAsync();
        var second = await api.EventAsync();
        var mine = new List<Guid>
        {
            await RegisteredAsync(first, email),
            await RegisteredAsync(second, email, Arrange.Self("Anna", "Berger", "DEU")),
        };
        using (var withdrawn = await api.Client().AsParticipant(email).PostAsync($"/api/v1/events/{second}/delegates/{mine[1]}/withdraw", new { }))
        {
            await withdrawn.ShouldHaveAsync(HttpStatusCode.OK);
        }

        mine.Add(await RegisteredAsync(second, email));
        await api.SelfRegisteredAsync(first, $"{Guid.NewGuid():N}@example.org", Arrange.Self("Ben", "Novak"));
        await api.DelegateAsync(first, await api.DelegationAsync(first, "FRA"), Arrange.Delegate("Anna", "Berger"));

        var page = await api.Client().AsParticipant(email).GetJsonAsync(Path);

        Ids(page).ShouldBe(mine);
        page.GetProperty("items")[1].GetProperty("status").GetString().ShouldBe("withdrawn");
        page.GetProperty("items")[2].GetProperty("eventId").GetGuid().ShouldBe(second);
        page.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Pages_follow_each_other_by_cursor_without_repeating_or_skipping()
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var registered = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            registered.Add(await RegisteredAsync(await api.EventAsync(), email));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.Client().AsParticipant(email).GetJsonAsync(cursor is null ? $"{Path}?limit=2" : $"{Path}?limit=2&cursor={cursor}");
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        seen.ShouldBe(registered);
        pages.ShouldBe(3);
    }

    [Fact]
    public async Task A_participant_without_registrations_gets_an_empty_list_and_a_bad_limit_or_cursor_is_400()
    {
        var client = api.Client().AsParticipant("nobody@example.org");

        Ids(await client.GetJsonAsync(Path)).ShouldBeEmpty();
        await (await client.GetAsync($"{Path}?limit=0")).ShouldBeValidationProblemAsync("limit");
        await (await client.GetAsync($"{Path}?cursor=not-a-cursor")).ShouldBeValidationProblemAsync("cursor");
    }

    [Theory]
    [InlineData("delegation")]
    [InlineData("secretariat")]
    public async Task Only_participants_have_registrations_of_their_own(string caller)
    {
        var client = caller == "delegation" ? api.Client().AsDelegation("AUT") : api.Client().AsSecretariat();

        using var response = await client.GetAsync(Path);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
