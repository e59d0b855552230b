using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Data;
using Registration.Api.Jobs;
using Registration.Api.Platform.Email;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Email;

/// <summary>The reminder three days before the deadline: to whom, once per delegation and deadline, again for a moved deadline.</summary>
public sealed class DeadlineReminderTests(EmailApi api) : IClassFixture<EmailApi>
{
    // Requests.JointEvent's deadline: 21 August 2023, 23:59:59 in Vienna.
    private static readonly DateTimeOffset Deadline = new(2023, 8, 21, 23, 59, 59, TimeSpan.FromHours(2));

    /// <summary>Runs the reminder sweep as Hangfire does (a scope of its own) and returns how many reminders it queued.</summary>
    private async Task<int> SweepAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SendDeadlineReminders>().RunAsync(CancellationToken.None);
    }

    private async Task<Guid> DelegationAsync(Guid eventId, string country, string? focalPoint)
    {
        using var created = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country, focalPointEmail = focalPoint });
        return (await created.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>The reminders (not the notices about notes verbales) the address has received, once there are <paramref name="count"/>.</summary>
    private Task<List<ReceivedEmail>> RemindersToAsync(string address, int count) =>
        Eventually.Async(
            () => Task.FromResult(api.Smtp.To(address).Where(m => m.Subject.Contains(": registration closes in", StringComparison.Ordinal)).ToList()),
            found => found.Count >= count,
            $"{count} reminder(s) to {address}");

    private Task<long> RemindersAsync(Guid eventId) =>
        api.ScalarAsync<long>("SELECT count(*) FROM deadline_reminders WHERE event_id = @e", ("e", eventId));

    [Fact]
    public async Task Delegations_with_pending_or_unmatched_delegates_are_reminded_once_per_deadline()
    {
        api.Clock.Set(ApiFactory.Start);
        var eventId = await api.EventAsync();
        var (austria, germany, france) = ($"aut.{Guid.NewGuid():N}@example.gv.at", $"deu.{Guid.NewGuid():N}@example.gv.at", $"fra.{Guid.NewGuid():N}@example.gv.at");

        // Austria: one delegate pending and named, one pending and named by no note.
        var aut = await DelegationAsync(eventId, "AUT", austria);
        await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger", "anna.berger@example.gv.at"));
        await api.DelegateAsync(eventId, aut, Arrange.Delegate("Ben", "Wagner", "ben.wagner@example.gv.at"));
        await api.UploadNoteAsync(eventId, aut, Notes.Naming("Ms. Anna BERGER"), "AUT");

        // Germany: everyone approved on a note that names them: nothing to remind of.
        var deu = await DelegationAsync(eventId, "DEU", germany);
        var klaus = (await api.DelegateAsync(eventId, deu, Arrange.Delegate("Klaus", "Schmidt"))).GetProperty("id").GetGuid();
        await api.UploadNoteAsync(eventId, deu, Notes.Naming("Mr. Klaus SCHMIDT"), "DEU");
        using (var approve = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{klaus}/approve", new { }))
        {
            await approve.ShouldHaveAsync(HttpStatusCode.OK);
        }

        // France: a pending delegate, but no focal point address to write to.
        var fra = await DelegationAsync(eventId, "FRA", null);
        await api.DelegateAsync(eventId, fra, Arrange.Delegate("Marie", "Dubois"));

        api.Clock.Set(Deadline - SendDeadlineReminders.Lead - TimeSpan.FromMinutes(1));
        (await SweepAsync()).ShouldBe(0);

        api.Clock.Set(Deadline - SendDeadlineReminders.Lead + TimeSpan.FromMinutes(10));
        var sweeps = await Task.WhenAll(SweepAsync(), SweepAsync());
        sweeps.Sum().ShouldBe(1);
        (await SweepAsync()).ShouldBe(0);
        (await RemindersAsync(eventId)).ShouldBe(1);

        var reminder = (await RemindersToAsync(austria, 1)).Single();
        reminder.Subject.ShouldEndWith(": registration closes in 3 days");
        reminder.Text.ShouldContain("closes on 21 August 2023, 23:59 (Europe/Vienna)");
        reminder.Text.ShouldContain("No note verbale of your delegation names these delegates yet");
        reminder.Text.ShouldContain("- Ms. Ben Wagner (ben.wagner@example.gv.at)\n");
        reminder.Text.ShouldContain("- Ms. Anna Berger (anna.berger@example.gv.at), note verbale: matched");
        reminder.Html.ShouldContain("<li>Ms. Ben Wagner (ben.wagner@example.gv.at)</li>");
        await api.SettledAsync();
        api.Smtp.To(germany).ShouldBeEmpty();
        api.Smtp.To(france).ShouldBeEmpty();

        // The secretariat extends the deadline by two days: a new reminder falls due three days before the new one.
        var extended = Deadline.AddDays(2);
        using (var patch = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = "2023-08-23" }))
        {
            await patch.ShouldHaveAsync(HttpStatusCode.OK);
        }

        (await SweepAsync()).ShouldBe(0);
        api.Clock.Set(extended - SendDeadlineReminders.Lead + TimeSpan.FromHours(1));
        (await SweepAsync()).ShouldBe(1);
        (await SweepAsync()).ShouldBe(0);
        var second = (await RemindersToAsync(austria, 2))[^1];
        second.Text.ShouldContain("closes on 23 August 2023, 23:59 (Europe/Vienna)");
        (await RemindersAsync(eventId)).ShouldBe(2);
        await api.SettledAsync();
        (await RemindersToAsync(austria, 2)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_reminder_whose_deadline_moved_before_its_job_ran_is_not_sent()
    {
        api.Clock.Set(ApiFactory.Start);
        var eventId = await api.EventAsync();
        var focalPoint = $"aut.{Guid.NewGuid():N}@example.gv.at";
        var aut = await DelegationAsync(eventId, "AUT", focalPoint);
        await api.DelegateAsync(eventId, aut, Arrange.Delegate("Anna", "Berger"));

        // The reminder fell due for the old deadline, but the deadline moved before its job ran: the job sends nothing.
        api.Clock.Set(Deadline - SendDeadlineReminders.Lead + TimeSpan.FromMinutes(1));
        using (var patch = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { registrationDeadline = "2023-08-25" }))
        {
            await patch.ShouldHaveAsync(HttpStatusCode.OK);
        }

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var stale = new DeadlineReminder(eventId, aut, Deadline, api.Clock.GetUtcNow());
            var db = scope.ServiceProvider.GetRequiredService<RegistrationDb>();
            db.DeadlineReminders.Add(stale);
            await db.SaveChangesAsync();
            scope.ServiceProvider.GetRequiredService<EmailNotifications>().DeadlineReminderDue(stale);
        }

        await api.SettledAsync();
        api.Smtp.To(focalPoint).ShouldBeEmpty();
        (await api.ScalarAsync<long>("SELECT count(*) FROM sent_emails WHERE event_id = @e AND kind = 'deadline-reminder'", ("e", eventId))).ShouldBe(0);
    }
}
