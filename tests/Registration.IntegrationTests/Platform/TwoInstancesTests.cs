using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>
/// Two API processes on one database, written to at the same moment: every invariant is the database's, so it holds
/// whichever instance a request reaches.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public ApiFactory First { get; } = new();

    public ApiFactory Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)First).InitializeAsync();
        Second = new ApiFactory { SharedConnectionString = First.ConnectionString };
        await ((IAsyncLifetime)Second).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Second).DisposeAsync();
        await ((IAsyncLifetime)First).DisposeAsync();
    }
}

public sealed class TwoInstancesTests(TwoInstances instances) : IClassFixture<TwoInstances>
{
    private const int Rounds = 15;
    private readonly ApiFactory first = instances.First;
    private readonly ApiFactory second = instances.Second;

    private static async Task<HttpStatusCode[]> BothAsync(Func<Task<HttpResponseMessage>> a, Func<Task<HttpResponseMessage>> b)
    {
        using var start = new Barrier(2);
        var one = Task.Run(() => { start.SignalAndWait(); return a(); });
        var two = Task.Run(() => { start.SignalAndWait(); return b(); });
        var responses = await Task.WhenAll(one, two);
        var statuses = responses.Select(r => r.StatusCode).Order().ToArray();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        return statuses;
    }

    [Fact]
    public async Task One_delegation_per_state_one_active_address_and_one_decision_per_delegate_across_instances()
    {
        string[] countries = ["AUT", "BEL", "CHE", "DEU", "DNK", "ESP", "FIN", "FRA", "GRC", "HRV", "IRL", "ITA", "LUX", "NLD", "NOR"];
        for (var round = 0; round < Rounds; round++)
        {
            var eventId = await first.EventAsync();
            var country = countries[round];

            var delegations = await BothAsync(
                () => first.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country }),
                () => second.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country }));
            delegations.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], $"round {round}");
            var delegationId = await first.ScalarAsync<Guid>("SELECT id FROM delegations WHERE event_id = @e", ("e", eventId));

            var email = $"same.person.{round}@example.gv.at";
            var registrations = await BothAsync(
                () => first.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", email)),
                () => second.Client().AsDelegation(country).PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger", email)));
            registrations.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], $"round {round}");

            var delegateId = await first.ScalarAsync<Guid>("SELECT id FROM delegates WHERE delegation_id = @d", ("d", delegationId));
            await first.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), country);
            var decisions = await BothAsync(
                () => first.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{delegateId}/approve", new { }),
                () => second.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{delegateId}/reject", new { reason = "Twice." }));
            decisions.ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict], $"round {round}");
            (await first.ScalarAsync<long>("SELECT count(*) FROM delegate_history WHERE delegate_id = @d AND action IN ('Approved', 'Rejected')", ("d", delegateId)))
                .ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task After_the_deadline_neither_instance_accepts_anything_new()
    {
        var eventId = await first.EventAsync();
        var delegationId = await first.DelegationAsync(eventId, "AUT");
        var deadline = DateTimeOffset.Parse("2023-08-21T23:59:59+02:00", System.Globalization.CultureInfo.InvariantCulture);
        using var closedFirst = first.Clock.At(deadline);
        using var closedSecond = second.Clock.At(deadline);

        var registrations = await BothAsync(
            () => first.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Berger")),
            () => second.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Ben", "Huber")));

        registrations.ShouldBe([HttpStatusCode.Conflict, HttpStatusCode.Conflict]);
        (await first.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e", ("e", eventId))).ShouldBe(0);
    }
}
