using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Deadline;

/// <summary>The closing job with a real Hangfire server on PostgreSQL. The app's clock is moved; Hangfire waits in real time.</summary>
public sealed class ClosingJobTests(JobServerApi api) : IClassFixture<JobServerApi>
{
    private const string Zone = "Europe/Vienna";

    /// <summary>An event whose deadline is a few seconds after the app's "now", so Hangfire's real-time schedule comes due quickly.</summary>
    private async Task<(Guid Id, DateTimeOffset Deadline)> EventClosingSoonAsync(TimeSpan after)
    {
        var deadline = api.Clock.GetUtcNow() + after;
        var id = await api.EventAsync(change: e => e.With("registrationDeadline", deadline.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz")));
        return (id, deadline);
    }

    private async Task<JsonElement> WhenClosedAsync(Guid eventId) =>
        await Eventually.Async(
            () => api.Client().GetJsonAsync($"/api/v1/events/{eventId}"),
            e => e.GetProperty("closedAt").ValueKind != JsonValueKind.Null,
            $"the closing job to close event {eventId}");

    private Task<long> ClosuresAsync(Guid eventId) =>
        api.ScalarAsync<long>("SELECT count(*) FROM registration_closures WHERE event_id = @e", ("e", eventId));

    private Task<string?> ClosingJobIdAsync(Guid eventId) =>
        api.ScalarAsync<string?>("SELECT closing_job_id FROM events WHERE id = @e", ("e", eventId));

    private string? JobState(string jobId)
    {
        using var connection = api.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    [Fact]
    public async Task The_job_closes_registration_at_the_deadline_and_leaves_the_summary()
    {
        var (eventId, deadline) = await EventClosingSoonAsync(TimeSpan.FromSeconds(2));
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"));
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Huber", mode: "online"));
        (await api.Client().GetJsonAsync($"/api/v1/events/{eventId}")).GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        api.Clock.Set(deadline.AddSeconds(1));
        var closed = await WhenClosedAsync(eventId);

        closed.GetProperty("registrationStatus").GetString().ShouldBe("closed");
        closed.GetProperty("closedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(deadline);
        (await ClosuresAsync(eventId)).ShouldBe(1);
        var summary = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/summary");
        var atClosing = summary.GetProperty("atClosing");
        atClosing.GetProperty("delegations").GetInt32().ShouldBe(1);
        atClosing.GetProperty("delegatesByStatus").GetProperty("pending").GetInt32().ShouldBe(2);
        atClosing.GetProperty("activeDelegatesByMode").GetProperty("inPerson").GetInt32().ShouldBe(1);
        atClosing.GetProperty("activeDelegatesByMode").GetProperty("online").GetInt32().ShouldBe(1);
        atClosing.GetProperty("delegatesAwaitingNoteVerbale").GetInt32().ShouldBe(2);

        // The overdue sweep may close the event first; the scheduled job still runs, finds it closed, and succeeds.
        var jobId = (await ClosingJobIdAsync(eventId))!;
        await Eventually.Async(() => Task.FromResult(JobState(jobId)), state => state == "Succeeded", "the closing job to succeed");
    }

    [Fact]
    public async Task Moving_the_deadline_later_reschedules_the_job_and_the_old_one_changes_nothing()
    {
        var (eventId, deadline) = await EventClosingSoonAsync(TimeSpan.FromSeconds(2));
        var oldJob = (await ClosingJobIdAsync(eventId))!;
        var later = deadline.AddDays(3);

        using var patch = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = later.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz") });
        await patch.ShouldHaveAsync(HttpStatusCode.OK);
        var newJob = (await ClosingJobIdAsync(eventId))!;

        newJob.ShouldNotBe(oldJob);
        JobState(oldJob).ShouldBe("Deleted");
        JobState(newJob).ShouldBe("Scheduled");

        // Even if the old job ran after all, it is for a deadline that no longer holds.
        api.Clock.Set(deadline.AddSeconds(1));
        using var scope = api.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<CloseRegistration>().RunAsync(eventId, deadline, CancellationToken.None)).ShouldBeFalse();
        var read = await api.Client().GetJsonAsync($"/api/v1/events/{eventId}");
        read.GetProperty("registrationStatus").GetString().ShouldBe("open");
        read.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await ClosuresAsync(eventId)).ShouldBe(0);
    }

    [Fact]
    public async Task Moving_the_deadline_earlier_closes_at_the_new_time()
    {
        var (eventId, deadline) = await EventClosingSoonAsync(TimeSpan.FromDays(5));
        var earlier = api.Clock.GetUtcNow().AddSeconds(2);

        using var patch = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = earlier.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz") });
        await patch.ShouldHaveAsync(HttpStatusCode.OK);
        api.Clock.Set(earlier.AddSeconds(1));

        var closed = await WhenClosedAsync(eventId);

        closed.GetProperty("registrationDeadline").GetDateTimeOffset().ShouldBe(earlier);
        deadline.ShouldBeGreaterThan(earlier);
    }

    [Fact]
    public async Task Moving_the_deadline_into_the_future_reopens_a_closed_registration()
    {
        var (eventId, deadline) = await EventClosingSoonAsync(TimeSpan.FromSeconds(2));
        api.Clock.Set(deadline.AddSeconds(1));
        await WhenClosedAsync(eventId);
        var delegationId = await api.ScalarAsync<long>("SELECT count(*) FROM delegations WHERE event_id = @e", ("e", eventId));
        delegationId.ShouldBe(0);
        using (var refused = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT" }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        }

        using var extend = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = deadline.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz") });

        var reopened = await extend.ShouldHaveAsync(HttpStatusCode.OK);
        reopened.GetProperty("registrationStatus").GetString().ShouldBe("open");
        reopened.GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        using var accepted = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT" });
        await accepted.ShouldHaveAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Running_the_job_again_or_many_times_at_once_closes_once()
    {
        var (eventId, deadline) = await EventClosingSoonAsync(TimeSpan.FromDays(1));
        api.Clock.Set(deadline.AddSeconds(1));

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var scope = api.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<CloseRegistration>().RunAsync(eventId, deadline, CancellationToken.None);
        }));
        using var again = api.Services.CreateScope();
        var rerun = await again.ServiceProvider.GetRequiredService<CloseRegistration>().RunAsync(eventId, deadline, CancellationToken.None);

        runs.Count(closed => closed).ShouldBe(1);
        rerun.ShouldBeFalse();
        (await ClosuresAsync(eventId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_registration_racing_the_deadline_instant_never_lands_after_it()
    {
        var (eventId, deadline) = await EventClosingSoonAsync(TimeSpan.FromDays(1));
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        api.Clock.Set(deadline.AddMilliseconds(-20));

        var attempts = Enumerable.Range(0, 40).Select(async i =>
        {
            if (i == 10)
            {
                api.Clock.Set(deadline);
            }

            using var response = await api.Client().AsDelegation("AUT").PostAsync(
                $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Racer", $"Number{i}"));
            return response.StatusCode;
        }).ToList();
        var statuses = await Task.WhenAll(attempts);
        using var afterwards = await api.Client().AsDelegation("AUT").PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Late", "Comer"));

        statuses.ShouldAllBe(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        await afterwards.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e AND created_at >= @d", ("e", eventId), ("d", deadline))).ShouldBe(0);
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e", ("e", eventId))).ShouldBe(statuses.Count(s => s == HttpStatusCode.Created));
    }
}

/// <summary>Two Hangfire servers on one database, as two API instances would run.</summary>
public sealed class TwoServerTests(TwoServerTests.TwoServers api) : IClassFixture<TwoServerTests.TwoServers>
{
    public sealed class TwoServers : JobServerApi
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddHangfireServer(options =>
            {
                options.ServerName = "second-instance";
                options.WorkerCount = 2;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            }));
        }
    }

    [Fact]
    public async Task Every_event_is_closed_exactly_once_by_one_of_the_servers()
    {
        var servers = await Eventually.Async(
            () => Task.FromResult(api.Services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers().Count),
            count => count >= 2,
            "both Hangfire servers to be up");
        servers.ShouldBeGreaterThanOrEqualTo(2);

        var deadline = api.Clock.GetUtcNow().AddSeconds(2);
        var events = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            events.Add(await api.EventAsync(change: e => e.With("registrationDeadline", deadline.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz"))));
        }

        api.Clock.Set(deadline.AddSeconds(1));
        foreach (var id in events)
        {
            await Eventually.Async(
                () => api.ScalarAsync<long>("SELECT count(*) FROM events WHERE id = @e AND closed_at IS NOT NULL", ("e", id)),
                closed => closed == 1,
                $"event {id} to close");
        }

        (await api.ScalarAsync<long>("SELECT count(*) FROM registration_closures")).ShouldBe(events.Count);
        (await api.ScalarAsync<long>("SELECT count(DISTINCT event_id) FROM registration_closures")).ShouldBe(events.Count);
    }
}

/// <summary>A job due while the service was down: closed when it comes back.</summary>
public sealed class DowntimeTests(ApiFactory down) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_event_whose_deadline_passed_while_no_server_ran_is_closed_when_one_starts_and_refuses_writes_at_once()
    {
        var deadline = down.Clock.GetUtcNow().AddHours(1);
        var eventId = await down.EventAsync(change: e => e.With("registrationDeadline", deadline.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz")));
        down.Clock.Set(deadline.AddHours(2));

        // Nothing has closed it, yet the rule already holds.
        using (var refused = await down.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT" }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        }

        (await down.Client().GetJsonAsync($"/api/v1/events/{eventId}")).GetProperty("closedAt").ValueKind.ShouldBe(JsonValueKind.Null);

        await using var back = new JobServerApi { SharedConnectionString = down.ConnectionString };
        await ((IAsyncLifetime)back).InitializeAsync();
        back.Clock.Set(deadline.AddHours(2));
        _ = back.Server;

        var closed = await Eventually.Async(
            () => back.Client().GetJsonAsync($"/api/v1/events/{eventId}"),
            e => e.GetProperty("closedAt").ValueKind != JsonValueKind.Null,
            "the service coming back to close the overdue event");
        closed.GetProperty("registrationStatus").GetString().ShouldBe("closed");
        (await down.ScalarAsync<long>("SELECT count(*) FROM registration_closures WHERE event_id = @e", ("e", eventId))).ShouldBe(1);
    }
}
