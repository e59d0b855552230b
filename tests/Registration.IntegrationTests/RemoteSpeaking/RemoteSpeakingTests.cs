using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.RemoteSpeaking;

/// <summary>Sittings with a remote budget, booked slot by slot; the budget holds under concurrent bookings.</summary>
public sealed class RemoteSpeakingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Scene(Guid EventId, Guid DelegationId, Guid ItemId, Guid SittingId)
    {
        public string Slots => $"/api/v1/events/{EventId}/sittings/{SittingId}/remote-slots";
    }

    private async Task<Scene> SceneAsync(string country, object? sitting = null)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, country);
        var itemId = await api.AgendaItemAsync(eventId, "3");
        using var planned = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/sittings",
            sitting ?? new { meeting = "EMIC-12", date = "2023-09-04", period = "morning" });
        return new Scene(eventId, delegationId, itemId, (await planned.ShouldHaveAsync(HttpStatusCode.Created)).Id());
    }

    private async Task<Guid> OnlineDelegateAsync(Scene scene, string givenName, string status = "Approved", string mode = "online")
    {
        var id = (await api.DelegateAsync(scene.EventId, scene.DelegationId, Arrange.Delegate(givenName, "Speaker", mode: mode))).Id();
        if (status != "Pending")
        {
            await api.SetStatusInDatabaseAsync(id, status);
        }

        return id;
    }

    [Fact]
    public async Task A_sitting_is_three_hours_with_thirty_remote_minutes_by_default_and_one_per_meeting_date_and_period()
    {
        var scene = await SceneAsync("AUT");

        var sitting = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{scene.EventId}/sittings/{scene.SittingId}");

        (sitting.GetProperty("durationMinutes").GetInt32(), sitting.GetProperty("remoteBudgetMinutes").GetInt32(), sitting.GetProperty("remainingMinutes").GetInt32()).ShouldBe((180, 30, 30));
        sitting.GetProperty("period").GetString().ShouldBe("morning");
        using var again = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{scene.EventId}/sittings", new { meeting = "EMIC-12", date = "2023-09-04", period = "morning" });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "sitting-exists");
        using var outside = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{scene.EventId}/sittings", new { meeting = "EMIC-12", date = "2023-09-12", period = "afternoon" });
        await outside.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        using var delegation = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{scene.EventId}/sittings", new { meeting = "EMIC-12", date = "2023-09-05", period = "morning" });
        delegation.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Only_an_approved_online_delegate_of_the_delegation_books_and_the_budget_is_never_exceeded()
    {
        var scene = await SceneAsync("BEL");
        var client = api.Client().AsDelegation("BEL");
        var online = await OnlineDelegateAsync(scene, "Online");
        var inPerson = await OnlineDelegateAsync(scene, "Room", mode: "in-person");
        var pending = await OnlineDelegateAsync(scene, "Pending", status: "Pending");

        using (var refused = await client.PostAsync(scene.Slots, new { delegateId = inPerson, agendaItemId = scene.ItemId, minutes = 5 }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "delegate-not-online");
        }

        using (var refused = await client.PostAsync(scene.Slots, new { delegateId = pending, agendaItemId = scene.ItemId, minutes = 5 }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "delegate-not-approved");
        }

        using (var otherCountry = await api.Client().AsDelegation("NOR").PostAsync(scene.Slots, new { delegateId = online, agendaItemId = scene.ItemId, minutes = 5 }))
        {
            await otherCountry.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
        }

        using var first = await client.PostAsync(scene.Slots, new { delegateId = online, agendaItemId = scene.ItemId, minutes = 25 });
        var slot = await first.ShouldHaveAsync(HttpStatusCode.Created);
        first.Headers.Location!.ToString().ShouldEndWith($"{scene.Slots}/{slot.Id()}");

        using (var over = await client.PostAsync(scene.Slots, new { delegateId = online, agendaItemId = scene.ItemId, minutes = 6 }))
        {
            (await over.ShouldBeProblemAsync(HttpStatusCode.Conflict, "remote-time-exhausted")).GetProperty("detail").GetString()!.ShouldContain("5 remain");
        }

        using (var exact = await client.PostAsync(scene.Slots, new { delegateId = online, agendaItemId = scene.ItemId, minutes = 5 }))
        {
            await exact.ShouldHaveAsync(HttpStatusCode.Created);
        }

        // Cancelling gives the minutes back; cancelling twice is refused.
        using (var cancelled = await client.PostAsync($"{scene.Slots}/{slot.Id()}/cancel", new { }))
        {
            (await cancelled.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("state").GetString().ShouldBe("cancelled");
        }

        using (var twice = await client.PostAsync($"{scene.Slots}/{slot.Id()}/cancel", new { }))
        {
            await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid-transition");
        }

        var sitting = await client.GetJsonAsync($"/api/v1/events/{scene.EventId}/sittings/{scene.SittingId}");
        (sitting.GetProperty("bookedMinutes").GetInt32(), sitting.GetProperty("remainingMinutes").GetInt32()).ShouldBe((5, 25));
    }

    [Fact]
    public async Task Twenty_concurrent_bookings_fill_the_budget_exactly_and_never_beyond_it()
    {
        // Twenty delegations, one speaker each: nothing but the sitting's own lock stands between their bookings.
        var scene = await SceneAsync("FRA");
        string[] countries = ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD"];
        var speakers = new List<(string Country, Guid Delegate)>();
        foreach (var country in countries)
        {
            var delegationId = country == "FRA" ? scene.DelegationId : await api.DelegationAsync(scene.EventId, country);
            var id = (await api.DelegateAsync(scene.EventId, delegationId, Arrange.Delegate("Remote", country, mode: "online"))).Id();
            await api.SetStatusInDatabaseAsync(id, "Approved");
            speakers.Add((country, id));
        }

        // 20 bookings of 4 minutes against 30: exactly 7 fit (28 minutes), whatever the interleaving.
        using var start = new SemaphoreSlim(0);
        var bookings = speakers.Select(async speaker =>
        {
            var client = api.Client().AsDelegation(speaker.Country);
            await start.WaitAsync();
            return await client.PostAsync(scene.Slots, new { delegateId = speaker.Delegate, agendaItemId = scene.ItemId, minutes = 4 });
        }).ToList();
        start.Release(bookings.Count);
        var answers = await Task.WhenAll(bookings);

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(7);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "remote-time-exhausted");
        }

        (await api.ScalarAsync<long>("SELECT coalesce(sum(minutes), 0) FROM remote_slots WHERE sitting_id = @id AND state = 'Booked'", ("id", scene.SittingId))).ShouldBe(28);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task The_secretariat_reads_the_remote_speakers_in_the_order_they_were_booked()
    {
        var scene = await SceneAsync("DEU");
        var client = api.Client().AsDelegation("DEU");
        var ids = new List<Guid>();
        foreach (var (name, minutes) in new[] { ("Ada", 3), ("Ben", 5), ("Cai", 4) })
        {
            var speaker = await OnlineDelegateAsync(scene, name);
            using var booked = await client.PostAsync(scene.Slots, new { delegateId = speaker, agendaItemId = scene.ItemId, minutes });
            ids.Add((await booked.ShouldHaveAsync(HttpStatusCode.Created)).Id());
            api.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        using (var cancelled = await client.PostAsync($"{scene.Slots}/{ids[1]}/cancel", new { }))
        {
            await cancelled.ShouldHaveAsync(HttpStatusCode.OK);
        }

        using (var forbidden = await client.GetAsync($"/api/v1/events/{scene.EventId}/sittings/{scene.SittingId}/remote-speakers"))
        {
            forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var list = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{scene.EventId}/sittings/{scene.SittingId}/remote-speakers");
        var speakers = list.GetProperty("speakers").EnumerateArray().ToList();
        speakers.Select(s => (s.GetProperty("position").GetInt32(), s.GetProperty("givenName").GetString(), s.GetProperty("minutesBefore").GetInt32()))
            .ShouldBe([(1, "Ada", 0), (2, "Cai", 3)]);
        speakers[0].GetProperty("countryName").GetString().ShouldBe("Germany");
        list.GetProperty("sitting").GetProperty("remainingMinutes").GetInt32().ShouldBe(23);
    }
}
