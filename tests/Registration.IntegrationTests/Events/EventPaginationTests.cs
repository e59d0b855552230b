using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Events;

/// <summary>A class of its own: its database holds only the events this test creates.</summary>
public sealed class EventPaginationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Paging_through_the_list_returns_every_event_once_newest_start_first_even_while_events_are_added()
    {
        var secretariat = api.Client().AsSecretariat();
        var expected = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var code = $"PAGE-{i:D2}";
            var start = new DateOnly(2024, 1, 1).AddDays(i % 7 * 10);
            var body = Requests.JointEvent(code)
                .With("startDate", start.ToString("yyyy-MM-dd"))
                .With("endDate", start.AddDays(2).ToString("yyyy-MM-dd"))
                .With("registrationDeadline", start.AddDays(-10).ToString("yyyy-MM-dd"))
                .With("statementDeadline", null);
            using var response = await secretariat.PostAsync("/api/v1/events", body);
            await response.ShouldHaveAsync(HttpStatusCode.Created);
            expected.Add(code);
        }

        var seen = new List<(string Code, string Start)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.Client().Anonymous().GetJsonAsync($"/api/v1/events?limit=5{(cursor is null ? "" : $"&cursor={cursor}")}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.Count.ShouldBeLessThanOrEqualTo(5);
            seen.AddRange(items.Select(e => (e.GetProperty("code").GetString()!, e.GetProperty("startDate").GetString()!)));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;

            if (pages == 2)
            {
                // An event inserted behind the reader's position must not shift the pages it has yet to read.
                using var late = await secretariat.PostAsync("/api/v1/events", Requests.JointEvent("PAGE-LATE")
                    .With("startDate", "2030-01-01").With("endDate", "2030-01-02").With("registrationDeadline", "2029-12-01"));
                await late.ShouldHaveAsync(HttpStatusCode.Created);
            }
        }
        while (cursor is not null);

        seen.Select(s => s.Code).ShouldBe(expected, ignoreOrder: true);
        seen.Select(s => s.Code).Distinct().Count().ShouldBe(seen.Count);
        seen.Select(s => s.Start).ShouldBeInOrder(SortDirection.Descending);
        pages.ShouldBe(5);
    }
}
