using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Email;

/// <summary>E-mail as an outlet of the outbox: each message comes from a committed change, once per change and recipient.</summary>
public sealed class EmailOutletTests(EmailApi api) : IClassFixture<EmailApi>
{
    [Fact]
    public async Task An_e_mail_comes_from_its_committed_change_and_a_change_handed_on_again_sends_nothing_twice()
    {
        const string anna = "anna.outlet@example.gv.at";
        var eventId = await api.EventAsync();
        var aut = await api.DelegationAsync(eventId, "AUT");
        using (var taken = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/delegates", Arrange.Delegate("Anne", "Other", anna)))
        {
            await taken.ShouldHaveAsync(HttpStatusCode.Created);
        }

        // A registration that rolls back (the address is taken) leaves no change, so no e-mail.
        using (var refused = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{aut}/delegates", Arrange.Delegate("Anna", "Berger", anna)))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
        }

        await api.Smtp.WaitForAsync(anna);
        await api.SettledAsync();
        var change = (await api.Client().AsSecretariat().ReadToEndAsync(eventId)).Items.ShouldHaveSingleItem();
        change.Type().ShouldBe("delegate.registered");
        var changeId = change.GetProperty("id").GetGuid();
        (await api.ScalarAsync<Guid>("SELECT source_id FROM sent_emails WHERE recipient = @r", ("r", anna))).ShouldBe(changeId);

        // Handed on again, as after a dispatcher's transaction that rolled back once the job was queued: the job runs
        // again and finds the message sent.
        await api.ScalarAsync<int>("UPDATE outbox SET dispatched_at = NULL WHERE id = @id RETURNING 1", ("id", changeId));
        await api.SettledAsync();
        (await api.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%SendEmail%' AND arguments::text LIKE @id", ("id", $"%{changeId}%"))).ShouldBe(2);
        await api.SettledAsync();
        api.Smtp.To(anna).Count.ShouldBe(1);
    }
}
