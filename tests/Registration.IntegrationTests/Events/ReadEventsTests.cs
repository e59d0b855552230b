using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Events;

public sealed class ReadEventsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Anyone_reads_an_event_and_an_unknown_id_is_event_not_found()
    {
        using var created = await api.Client().AsSecretariat().PostAsync("/api/v1/events", Requests.JointEvent("READ-ANON"));
        var id = (await created.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var read = await api.Client().Anonymous().GetJsonAsync($"/api/v1/events/{id}");
        using var unknown = await api.Client().Anonymous().GetAsync($"/api/v1/events/{Guid.CreateVersion7()}");

        read.GetProperty("code").GetString().ShouldBe("READ-ANON");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task Bad_paging_parameters_are_validation_failures(string query, string field)
    {
        using var response = await api.Client().Anonymous().GetAsync($"/api/v1/events?{query}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task The_default_page_holds_fifty_events_and_limit_200_is_accepted()
    {
        var page = await api.Client().Anonymous().GetJsonAsync("/api/v1/events?limit=200");

        page.TryGetProperty("items", out _).ShouldBeTrue();
        page.TryGetProperty("nextCursor", out _).ShouldBeTrue();
    }
}
