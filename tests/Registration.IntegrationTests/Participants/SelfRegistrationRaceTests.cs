using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Participants;

/// <summary>
/// Self-registrations started at the same moment, many times over: the unique indexes and the event → delegation lock
/// order decide, so the outcome is always one a sequential order would give.
/// </summary>
public sealed class SelfRegistrationRaceTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Rounds = 20;

    /// <summary>Twenty States, so that every round starts with no delegation of its State.</summary>
    private static readonly string[] Countries =
        ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD"];

    [Fact]
    public async Task Two_registrations_of_one_person_at_once_leave_exactly_one_and_the_other_is_already_registered()
    {
        var eventId = await api.EventAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var email = $"person{round}@example.org";
            var country = Countries[round];

            var (first, second) = await Race.BothAsync(
                () => api.Client().AsParticipant(email).PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Anna", $"Berger{round}", country)),
                () => api.Client().AsParticipant(email).PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Anna", $"Berger{round}", country)));

            var statuses = new[] { first.StatusCode, second.StatusCode };
            statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(1, $"round {round}: {string.Join(", ", statuses)}");
            await (first.StatusCode == HttpStatusCode.Created ? second : first).ShouldBeProblemAsync(HttpStatusCode.Conflict, "already-registered");
            (await api.ScalarAsync<long>(
                "SELECT count(*) FROM delegates WHERE event_id = @e AND normalized_email = @m", ("e", eventId), ("m", email))).ShouldBe(1, $"round {round}");
            (await api.ScalarAsync<long>(
                "SELECT count(*) FROM delegations WHERE event_id = @e AND country = @c", ("e", eventId), ("c", country))).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task Two_people_of_a_state_without_a_delegation_registering_at_once_share_one_new_delegation()
    {
        var eventId = await api.EventAsync();
        for (var round = 0; round < Rounds; round++)
        {
            var country = Countries[round];

            var (first, second) = await Race.BothAsync(
                () => api.Client().AsParticipant($"anna{round}@example.org").PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Anna", "Berger", country)),
                () => api.Client().AsParticipant($"ben{round}@example.org").PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Ben", "Novak", country)));

            var anna = await first.ShouldHaveAsync(HttpStatusCode.Created);
            var ben = await second.ShouldHaveAsync(HttpStatusCode.Created);
            anna.GetProperty("delegationId").GetGuid().ShouldBe(ben.GetProperty("delegationId").GetGuid(), $"round {round}");
            (await api.ScalarAsync<long>(
                "SELECT count(*) FROM delegations WHERE event_id = @e AND country = @c", ("e", eventId), ("c", country))).ShouldBe(1, $"round {round}");
            (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations/{anna.GetProperty("delegationId").GetGuid()}"))
                .GetProperty("delegateCount").GetInt32().ShouldBe(2, $"round {round}");
        }
    }
}
