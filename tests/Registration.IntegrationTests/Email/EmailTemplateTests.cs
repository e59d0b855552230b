using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Email;

/// <summary>Reading, replacing and resetting an event's e-mail templates, and the checks a replacement must pass.</summary>
public sealed class EmailTemplateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static object Template(string subject = "{{ event.code }}", string htmlBody = "<p>{{ delegate.fullName }}</p>", string textBody = "{{ delegate.fullName }}") =>
        new { subject, htmlBody, textBody };

    [Fact]
    public async Task An_event_uses_the_default_template_with_its_placeholders_until_the_secretariat_replaces_it()
    {
        var eventId = await api.EventAsync();
        var path = $"/api/v1/events/{eventId}/email-templates/registration-approved";

        var standard = await api.Client().AsSecretariat().GetJsonAsync(path);
        standard.GetProperty("kind").GetString().ShouldBe("registration-approved");
        standard.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        standard.GetProperty("updatedBy").ValueKind.ShouldBe(JsonValueKind.Null);
        standard.GetProperty("subject").GetString().ShouldBe("{{ event.code }}: your registration is approved");
        var placeholders = standard.GetProperty("placeholders").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        placeholders.ShouldContain("delegate.givenName");
        placeholders.ShouldContain("delegate.participationMode");
        placeholders.ShouldContain("delegate.meetings");
        placeholders.ShouldContain("delegate.meetings[].title");
        placeholders.ShouldContain("event.registrationDeadline");
        placeholders.ShouldNotContain("reason");

        using (var put = await api.Client().AsSecretariat("officer-7").PutAsync(path, Template(subject: "Approved: {{ delegate.familyName }}")))
        {
            var replaced = await put.ShouldHaveAsync(HttpStatusCode.OK);
            replaced.GetProperty("isDefault").GetBoolean().ShouldBeFalse();
            replaced.GetProperty("updatedBy").GetString().ShouldBe("officer-7");
            replaced.GetProperty("updatedAt").GetDateTimeOffset().ShouldBe(ApiFactory.Start);
        }

        (await api.Client().AsSecretariat().GetJsonAsync(path)).GetProperty("subject").GetString().ShouldBe("Approved: {{ delegate.familyName }}");

        // Another kind, and the same kind of another event, keep their defaults.
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/email-templates/registration-rejected")).GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        var other = await api.EventAsync();
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{other}/email-templates/registration-approved")).GetProperty("isDefault").GetBoolean().ShouldBeTrue();

        using (var delete = await api.Client().AsSecretariat().Http.DeleteAsync(path))
        {
            await delete.ShouldHaveAsync(HttpStatusCode.NoContent);
        }

        (await api.Client().AsSecretariat().GetJsonAsync(path)).GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        using var again = await api.Client().AsSecretariat().Http.DeleteAsync(path);
        await again.ShouldHaveAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_template_naming_unknown_placeholders_is_refused_with_each_of_them()
    {
        var eventId = await api.EventAsync();
        var path = $"/api/v1/events/{eventId}/email-templates/registration-approved";
        using var put = await api.Client().AsSecretariat().PutAsync(path, Template(
            subject: "{{ event.code }} {{ delegate.nickname }}",
            htmlBody: "<p>{{ delegate.fullName }} {{ reason }}</p>{% for m in delegate.meetings %}{{ m.title }} {{ m.room }}{% endfor %}{% if event.sponsor %}x{% endif %}",
            textBody: "{{ forloop.index }} {{ delegate.meetings.first.code }} {{ delegate.meetings[0].colour }}"));

        var problem = await put.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        var errors = problem.GetProperty("errors");
        Messages(errors, "subject").ShouldBe(["'delegate.nickname' is not a placeholder of registration-approved e-mails."]);
        Messages(errors, "htmlBody").ShouldBe([
            "'reason' is not a placeholder of registration-approved e-mails.",
            "'m.room' is not a placeholder of registration-approved e-mails.",
            "'event.sponsor' is not a placeholder of registration-approved e-mails.",
        ]);
        Messages(errors, "textBody").ShouldBe([
            "'forloop' is not a placeholder of registration-approved e-mails.",
            "'delegate.meetings[].colour' is not a placeholder of registration-approved e-mails.",
        ]);

        // Nothing was stored; the same placeholder is known to the kind that has it.
        (await api.Client().AsSecretariat().GetJsonAsync(path)).GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        using var rejected = await api.Client().AsSecretariat().PutAsync($"/api/v1/events/{eventId}/email-templates/registration-rejected",
            Template(htmlBody: "<p>{{ reason }}</p>", textBody: "{{ reason }}"));
        await rejected.ShouldHaveAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("htmlBody", "{% if delegate.givenName %}no end", "does not parse")]
    [InlineData("textBody", "{{ delegate.givenName ", "does not parse")]
    [InlineData("htmlBody", "{{ delegate.givenName | raw }}", "'raw' filter is not allowed in the HTML body")]
    [InlineData("htmlBody", "{{ delegate.givenName | shout }}", "'shout' is not a Liquid filter")]
    [InlineData("textBody", "{% include 'footer' %}", "'include' is not supported")]
    public async Task A_template_that_does_not_parse_or_escapes_the_rules_is_refused(string field, string source, string message)
    {
        var eventId = await api.EventAsync();
        var body = new Dictionary<string, string> { ["subject"] = "{{ event.code }}", ["htmlBody"] = "<p>x</p>", ["textBody"] = "x", [field] = source };
        using var put = await api.Client().AsSecretariat().PutAsync($"/api/v1/events/{eventId}/email-templates/registration-received", body);
        var problem = await put.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        Messages(problem.GetProperty("errors"), field).ShouldContain(m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_part_is_required_and_only_the_secretariat_may_read_or_change_templates()
    {
        var eventId = await api.EventAsync();
        var path = $"/api/v1/events/{eventId}/email-templates/deadline-reminder";
        using (var empty = await api.Client().AsSecretariat().PutAsync(path, new { subject = "", htmlBody = "", textBody = "" }))
        {
            var errors = (await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed")).GetProperty("errors");
            errors.EnumerateObject().Select(e => e.Name).Order().ShouldBe(["htmlBody", "subject", "textBody"]);
        }

        using (var delegation = await api.Client().AsDelegation("AUT").GetAsync(path))
        {
            await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var anonymous = await api.Client().PutAsync(path, Template()))
        {
            await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }

        using (var unknownKind = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/email-templates/welcome"))
        {
            (await unknownKind.ShouldBeProblemAsync(HttpStatusCode.NotFound, "email-template-not-found")).GetProperty("detail").GetString()!
                .ShouldContain("registration-received, registration-approved, registration-rejected, note-verbale-unmatched, deadline-reminder");
        }

        using var unknownEvent = await api.Client().AsSecretariat().PutAsync($"/api/v1/events/{Guid.NewGuid()}/email-templates/deadline-reminder", Template(
            htmlBody: "{{ daysLeft }}", textBody: "{{ daysLeft }}"));
        await unknownEvent.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
    }

    private static List<string> Messages(JsonElement errors, string field) =>
        errors.TryGetProperty(field, out var messages) ? [.. messages.EnumerateArray().Select(m => m.GetString()!)] : [];
}
