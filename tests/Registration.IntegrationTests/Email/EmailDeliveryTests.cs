using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Email;

/// <summary>
/// E-mails over a real SMTP server (aiosmtpd) through the real Hangfire job server: who gets which e-mail with what in
/// it, escaping, retries, idempotency, and that a change that rolls back sends nothing.
/// </summary>
public sealed class EmailDeliveryTests(EmailApi api) : IClassFixture<EmailApi>
{
    /// <summary>An event with Austria's delegation, whose focal point has an address of this test's own (none when <paramref name="withFocalPoint"/> is false).</summary>
    private async Task<(Guid EventId, Guid DelegationId, string FocalPoint)> DelegationAsync(bool withFocalPoint = true)
    {
        var focalPoint = withFocalPoint ? Address("focal-point") : null;
        var eventId = await api.EventAsync();
        using var created = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country = "AUT", focalPointEmail = focalPoint });
        var delegation = await created.ShouldHaveAsync(HttpStatusCode.Created);
        delegation.GetProperty("focalPointEmail").ValueKind.ShouldBe(focalPoint is null ? JsonValueKind.Null : JsonValueKind.String);
        return (eventId, delegation.GetProperty("id").GetGuid(), focalPoint!);
    }

    private static string Address(string name) => $"{name}.{Guid.NewGuid():N}@example.gv.at";

    [Fact]
    public async Task The_nominee_is_told_that_their_registration_was_received()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var anna = Address("anna");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna));

        var received = (await api.Smtp.WaitForAsync(anna)).Single();
        received.EnvelopeTo.ShouldBe([anna]);
        received.Message.From.Mailboxes.Single().Address.ShouldBe("registration@conferences.example.org");
        received.Message.To.Mailboxes.Single().Name.ShouldBe("Ms. Anna Berger");
        received.Subject.ShouldStartWith("EVENT-");
        received.Subject.ShouldEndWith(": your registration has been received");
        received.Text.ShouldContain("Dear Ms. Anna Berger,");
        received.Text.ShouldContain("Joint meetings of EMIC, IRG and WGAR (4 September 2023 to 8 September 2023");
        received.Text.ShouldContain("for the delegation of Austria");
        received.Html.ShouldContain("<strong>Joint meetings of EMIC, IRG and WGAR</strong>");
        received.Message.Body!.ContentType.MimeType.ShouldBe("multipart/alternative");

        // A participant registering themselves is told too, at the address their token carries.
        var lukas = Address("lukas");
        await api.SelfRegisteredAsync(eventId, lukas, Arrange.Self("Lukas", "Huber"));
        (await api.Smtp.WaitForAsync(lukas)).Single().Text.ShouldContain("Dear Ms. Lukas Huber,");
    }

    [Fact]
    public async Task Approval_tells_the_nominee_the_meetings_and_the_mode()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var anna = Address("anna");
        var body = Arrange.Delegate("Anna", "Berger", anna, mode: "online");
        body["meetings"] = new JsonArray("EMIC-12", "WGAR-17");
        var id = (await api.DelegateAsync(eventId, delegationId, body)).GetProperty("id").GetGuid();
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER, Counsellor"), "AUT");

        using var approve = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{id}/approve", new { });
        await approve.ShouldHaveAsync(HttpStatusCode.OK);

        var approved = (await api.Smtp.WaitForAsync(anna, count: 2)).Single(m => m.Subject.EndsWith("your registration is approved", StringComparison.Ordinal));
        approved.Text.ShouldContain("You take part online in:");
        approved.Text.ShouldContain("- EMIC-12: Twelfth open-ended intergovernmental expert meeting");
        approved.Text.ShouldContain("- WGAR-17: Seventeenth session of the Working Group on Asset Recovery");
        approved.Text.ShouldNotContain("IRG-14R");
        approved.Html.ShouldContain("<li>WGAR-17: Seventeenth session of the Working Group on Asset Recovery</li>");
        approved.Html.ShouldContain("<strong>online</strong>");
    }

    [Fact]
    public async Task Rejection_tells_the_nominee_the_reason()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var anna = Address("anna");
        var id = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna))).GetProperty("id").GetGuid();

        const string reason = "Not named in the note verbale of 14 August 2023;\nplease ask your mission for a corrected note.";
        using var reject = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{id}/reject", new { reason });
        await reject.ShouldHaveAsync(HttpStatusCode.OK);

        var rejected = (await api.Smtp.WaitForAsync(anna, count: 2)).Single(m => m.Subject.EndsWith("your registration was not approved", StringComparison.Ordinal));
        rejected.Text.ShouldContain(reason);
        rejected.Html.ShouldContain("<blockquote style=\"white-space: pre-line\">Not named in the note verbale of 14 August 2023;");
        rejected.Html.ShouldContain("please ask your mission for a corrected note.</blockquote>");
    }

    [Fact]
    public async Task Bulk_approval_tells_each_approved_nominee_and_nobody_refused()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var (anna, ben) = (Address("anna"), Address("ben"));
        var annaId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna))).GetProperty("id").GetGuid();
        var benId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Wagner", ben))).GetProperty("id").GetGuid();
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT");

        using var bulk = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/bulk-approve", new { delegateIds = new[] { annaId, benId } });
        await bulk.ShouldHaveAsync(HttpStatusCode.OK);

        (await api.Smtp.WaitForAsync(anna, count: 2)).Count(m => m.Subject.EndsWith("approved", StringComparison.Ordinal)).ShouldBe(1);
        await api.SettledAsync();
        api.Smtp.To(ben).ShouldHaveSingleItem().Subject.ShouldEndWith("has been received");
    }

    [Fact]
    public async Task A_note_verbale_that_leaves_delegates_unmatched_tells_the_focal_point_whom_it_misses()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"));
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Wagner", "ben.wagner@example.gv.at"));

        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER, Counsellor"), "AUT");

        var notice = (await api.Smtp.WaitForAsync(focalPoint)).Single();
        notice.EnvelopeTo.ShouldBe([focalPoint]);
        notice.Subject.ShouldEndWith(": the note verbale of Austria does not name every delegate");
        notice.Text.ShouldContain("- Ms. Ben Wagner (ben.wagner@example.gv.at): unmatched");
        notice.Text.ShouldNotContain("Anna Berger");
        notice.Html.ShouldContain("<li>Ms. Ben Wagner (ben.wagner@example.gv.at): unmatched</li>");

        // An addendum that names Ben leaves nobody unmatched: no second notice.
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Mr. Ben WAGNER, Adviser"), "AUT");
        await api.SettledAsync();
        api.Smtp.To(focalPoint).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_delegation_without_a_focal_point_address_gets_no_notice_until_it_gives_one()
    {
        var (eventId, delegationId, _) = await DelegationAsync(withFocalPoint: false);
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Wagner"));
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT");
        await api.SettledAsync();
        (await api.ScalarAsync<long>("SELECT count(*) FROM sent_emails WHERE event_id = @e AND kind = 'note-verbale-unmatched'", ("e", eventId))).ShouldBe(0);

        // The delegation gives its focal point's address: the next note that leaves Ben unmatched is reported there.
        var focalPoint = Address("focal-point");
        using var patch = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{eventId}/delegations/{delegationId}", new { focalPointEmail = focalPoint });
        (await patch.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("focalPointEmail").GetString().ShouldBe(focalPoint);
        await api.UploadNoteAsync(eventId, delegationId, Notes.Scan(), "AUT");
        var notice = (await api.Smtp.WaitForAsync(focalPoint)).Single();
        notice.Text.ShouldContain("It has no text layer (a scan)");
        notice.Text.ShouldContain("Ben Wagner");
    }

    [Fact]
    public async Task Values_are_html_escaped_in_the_html_body_and_left_as_they_are_in_the_text()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var nominee = Address("hostile");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("<script>alert(1)</script>", "O'Brien & <b>Sons</b>", nominee));
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT");

        var received = (await api.Smtp.WaitForAsync(nominee)).Single();
        received.Html.ShouldNotContain("<script>");
        received.Html.ShouldNotContain("<b>Sons</b>");
        received.Html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        received.Html.ShouldContain("O&#x27;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;");
        received.Text.ShouldContain("Dear Ms. <script>alert(1)</script> O'Brien & <b>Sons</b>,");

        var notice = (await api.Smtp.WaitForAsync(focalPoint)).Single();
        notice.Html.ShouldNotContain("<script>");
        notice.Html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [Fact]
    public async Task A_failing_smtp_server_does_not_fail_the_request_and_the_retry_sends_the_email_once()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var anna = Address("anna");

        api.Smtp.RefuseNext(2);
        var registered = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna));
        registered.GetProperty("status").GetString().ShouldBe("pending");

        // Refused twice (451), sent by the third attempt, one second apart: one message, one record.
        var received = await api.Smtp.WaitForAsync(anna);
        await api.SettledAsync();
        api.Smtp.To(anna).ShouldHaveSingleItem().Subject.ShouldEndWith("has been received");
        var job = (await api.EmailJobIdsAsync(anna)).ShouldHaveSingleItem();
        (await api.TimesInStateAsync(job, "Failed")).ShouldBe(2);
        (await api.TimesInStateAsync(job, "Scheduled")).ShouldBe(2);
        (await api.ScalarAsync<string>("SELECT string_agg(data::text, ' | ') FROM hangfire.state WHERE jobid = @id AND name = 'Failed'", ("id", job))).ShouldContain("Temporarily refused by the test server");
        api.State(job).ShouldBe("Succeeded");
        (await api.ScalarAsync<long>("SELECT count(*) FROM sent_emails WHERE recipient = @r", ("r", anna))).ShouldBe(1);
        received[0].Message.MessageId.ShouldBe(await api.ScalarAsync<string>("SELECT message_id FROM sent_emails WHERE recipient = @r", ("r", anna)));
    }

    [Fact]
    public async Task A_job_run_again_or_queued_twice_does_not_send_twice()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var anna = Address("anna");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna));
        await api.Smtp.WaitForAsync(anna);
        var job = (await api.EmailJobIdsAsync(anna)).ShouldHaveSingleItem();
        await Eventually.Async(() => Task.FromResult(api.State(job)), s => s == "Succeeded", "the e-mail job to succeed");

        // Hangfire runs the same job again (a retry, a requeue from the dashboard, a worker that died after sending) ...
        var jobs = api.Services.GetRequiredService<IBackgroundJobClient>();
        jobs.Requeue(job.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue();
        await Eventually.Async(() => api.TimesInStateAsync(job, "Succeeded"), n => n == 2, "the requeued e-mail job to succeed again");

        // ... and copies of it run at the same moment on both workers.
        var copy = await api.ScalarAsync<string>("SELECT arguments::text FROM hangfire.job WHERE id = @id", ("id", job));
        var arguments = JsonSerializer.Deserialize<JsonElement[]>(copy)!.Select(a => a.ValueKind == JsonValueKind.String ? JsonSerializer.Deserialize<string>(a.GetString()!) : null).ToArray();
        for (var i = 0; i < 4; i++)
        {
            jobs.Enqueue<SendEmail>(j => j.RunAsync(arguments[0]!, Guid.Parse(arguments[1]!), Guid.Parse(arguments[2]!), arguments[3]!, CancellationToken.None));
        }

        await api.SettledAsync();
        api.Smtp.To(anna).ShouldHaveSingleItem();
        (await api.ScalarAsync<long>("SELECT count(*) FROM sent_emails WHERE recipient = @r", ("r", anna))).ShouldBe(1);
    }

    [Fact]
    public async Task A_change_that_rolls_back_sends_nothing()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var anna = Address("anna");
        var id = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna))).GetProperty("id").GetGuid();
        await api.Smtp.WaitForAsync(anna);

        // The second registration with Anna's address fails on the unique index inside its transaction, which rolls back.
        using (var duplicate = await api.Client().AsSecretariat().PostAsync(
                   $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Annemarie", "Berger", anna)))
        {
            await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
        }

        // Two approvals race for Anna: one commits, the other rolls back.
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT");
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var approve = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{id}/approve", new { });
            return approve.StatusCode;
        }));
        answers.Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);

        await api.SettledAsync();
        var toAnna = api.Smtp.To(anna);
        toAnna.Select(m => m.Subject[(m.Subject.IndexOf(':', StringComparison.Ordinal) + 2)..]).Order().ShouldBe(
            ["your registration has been received", "your registration is approved"]);
        toAnna.ShouldAllBe(m => !m.Text.Contains("Annemarie"));
    }

    [Fact]
    public async Task The_events_replacement_template_is_used_until_it_is_deleted()
    {
        var (eventId, delegationId, focalPoint) = await DelegationAsync();
        var path = $"/api/v1/events/{eventId}/email-templates/registration-received";
        using (var put = await api.Client().AsSecretariat().PutAsync(path, new
        {
            subject = "Received: {{ delegate.familyName | upcase }} for {{ event.meetings.size }} meetings",
            htmlBody = "<p>{{ delegate.givenName }} / {% for m in delegate.meetings %}{{ m.code }}{% unless forloop.last %}, {% endunless %}{% endfor %}</p>",
            textBody = "{{ delegate.givenName }} of {{ delegate.countryName }}",
        }))
        {
            (await put.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("isDefault").GetBoolean().ShouldBeFalse();
        }

        var anna = Address("anna");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger", anna));
        var custom = (await api.Smtp.WaitForAsync(anna)).Single();
        custom.Subject.ShouldBe("Received: BERGER for 3 meetings");
        custom.Html.ShouldContain("<p>Anna / EMIC-12, IRG-14R, WGAR-17</p>");
        custom.Text.ShouldBe("Anna of Austria");

        using (var delete = await api.Client().AsSecretariat().Http.DeleteAsync(path))
        {
            await delete.ShouldHaveAsync(HttpStatusCode.NoContent);
        }

        var ben = Address("ben");
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Wagner", ben));
        (await api.Smtp.WaitForAsync(ben)).Single().Subject.ShouldEndWith(": your registration has been received");
    }
}
