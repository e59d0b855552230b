using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Calls;

/// <summary>The call's closing job with a real Hangfire server on PostgreSQL: the app's clock is moved, Hangfire waits in real time.</summary>
public sealed class CallClosingJobTests(JobServerApi api) : IClassFixture<JobServerApi>
{
    [Fact]
    public async Task The_job_closes_the_call_at_its_deadline_once()
    {
        var deadline = api.Clock.GetUtcNow().AddSeconds(2);
        var call = await api.CallAsync(Calls.SeedCall(deadline: deadline.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture)));
        var callId = call.GetProperty("id").GetGuid();
        call.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        api.Clock.Set(deadline.AddSeconds(1));
        var closed = await Eventually.Async(
            () => api.Client().GetJsonAsync($"/api/v1/calls/{callId}"),
            c => c.GetProperty("closedAt").ValueKind != JsonValueKind.Null,
            "the closing job to close the call");

        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("closedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(deadline);
        (await api.ScalarAsync<string?>("SELECT closing_job_id FROM calls WHERE id = @c", ("c", callId))).ShouldNotBeNull();

        // A second run for the same deadline (a retry, another server) changes nothing.
        var closedAt = closed.GetProperty("closedAt").GetDateTimeOffset();
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(api.Services);
        var job = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Registration.Api.Jobs.CloseCall>(scope.ServiceProvider);
        (await job.RunAsync(callId, deadline, CancellationToken.None)).ShouldBeFalse();
        (await api.Client().GetJsonAsync($"/api/v1/calls/{callId}")).GetProperty("closedAt").GetDateTimeOffset().ShouldBe(closedAt);
    }
}
