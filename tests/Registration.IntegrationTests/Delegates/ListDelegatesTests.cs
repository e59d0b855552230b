using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Delegates;

public sealed class ListDelegatesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_secretariat_filters_by_status_country_mode_and_searches_names_and_addresses()
    {
        var eventId = await api.EventAsync();
        var austria = await api.DelegationAsync(eventId, "AUT");
        var germany = await api.DelegationAsync(eventId, "DEU");
        await api.DelegateAsync(eventId, austria, Arrange.Delegate("Jürgen", "Müller", "j.mueller@bmeia.gv.at"));
        await api.DelegateAsync(eventId, austria, Arrange.Delegate("Anna", "Berger", "anna.berger@bmeia.gv.at", "online"));
        var withdrawn = await api.DelegateAsync(eventId, germany, Arrange.Delegate("Karl", "Muller", "karl@auswaertiges-amt.de"));
        await api.DelegateAsync(eventId, germany, Arrange.Delegate("Lena", "Schmidt", "lena.schmidt@auswaertiges-amt.de", "online"));
        using var withdraw = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{withdrawn.GetProperty("id").GetGuid()}/withdraw", new { });
        await withdraw.ShouldHaveAsync(HttpStatusCode.OK);
        var secretariat = api.Client().AsSecretariat();
        var path = $"/api/v1/events/{eventId}/delegates";

        Names(await secretariat.GetJsonAsync(path)).ShouldBe(["Müller", "Berger", "Muller", "Schmidt"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?status=withdrawn")).ShouldBe(["Muller"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?status=pending&country=DEU")).ShouldBe(["Schmidt"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?participationMode=online")).ShouldBe(["Berger", "Schmidt"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?q=muller")).ShouldBe(["Müller", "Muller"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?q=MÜLLER&country=AUT")).ShouldBe(["Müller"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?q=auswaertiges-amt")).ShouldBe(["Muller", "Schmidt"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?q=anna%20berger")).ShouldBe(["Berger"], ignoreOrder: true);
        Names(await secretariat.GetJsonAsync($"{path}?q=100%25")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("status=approvedd", "status")]
    [InlineData("participationMode=hybrid", "participationMode")]
    [InlineData("country=austria", "country")]
    [InlineData("limit=500", "limit")]
    public async Task Bad_filters_are_validation_failures(string query, string field)
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegates?{query}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Only_the_secretariat_lists_an_events_delegates()
    {
        var eventId = await api.EventAsync();

        using var delegation = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/delegates");
        using var unknown = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{Guid.CreateVersion7()}/delegates");

        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
    }

    [Fact]
    public async Task A_delegation_lists_its_own_delegates_whatever_their_status()
    {
        var eventId = await api.EventAsync();
        var austria = await api.DelegationAsync(eventId, "AUT");
        var germany = await api.DelegationAsync(eventId, "DEU");
        await api.DelegateAsync(eventId, austria, Arrange.Delegate("Anna", "Berger"));
        var withdrawn = await api.DelegateAsync(eventId, austria, Arrange.Delegate("Ben", "Huber"));
        await api.DelegateAsync(eventId, germany, Arrange.Delegate("Lena", "Schmidt"));
        await api.SetStatusInDatabaseAsync(withdrawn.GetProperty("id").GetGuid(), "Withdrawn");

        var page = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{austria}/delegates");

        Names(page).ShouldBe(["Berger", "Huber"], ignoreOrder: true);
    }

    // Ids are UUIDv7: time-ordered to the millisecond. The test clock stands still, so order within it is arbitrary.
    private static List<string> Names(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("familyName").GetString()!)];
}

/// <summary>A class of its own: its database holds only this test's delegates.</summary>
public sealed class DelegatePaginationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Paging_through_120_delegates_while_others_register_returns_each_exactly_once()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "BRA");
        var expected = new List<Guid>();
        foreach (var batch in Enumerable.Range(0, 120).Chunk(10))
        {
            var created = await Task.WhenAll(batch.Select(i => api.DelegateAsync(eventId, delegationId, Arrange.Delegate($"Given{i}", $"Family{i}"))));
            expected.AddRange(created.Select(d => d.GetProperty("id").GetGuid()));
        }

        using var stop = new CancellationTokenSource();
        var latecomers = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested && count < 200)
            {
                await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Late", $"Comer{count++}"));
            }

            return count;
        });

        var seen = new List<Guid>();
        foreach (var path in new[] { $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", $"/api/v1/events/{eventId}/delegates" })
        {
            seen.Clear();
            string? cursor = null;
            do
            {
                var page = await api.Client().AsSecretariat().GetJsonAsync($"{path}?limit=7{(cursor is null ? "" : $"&cursor={cursor}")}");
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
                cursor = page.GetProperty("nextCursor").GetString();
            }
            while (cursor is not null);

            seen.Distinct().Count().ShouldBe(seen.Count, $"{path} repeated a delegate");
            expected.Except(seen).ShouldBeEmpty($"{path} skipped a delegate");
        }

        await stop.CancelAsync();
        (await latecomers).ShouldBeGreaterThan(0);
    }
}
