using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Email;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.EmailTemplates;

/// <summary>An event's template for one kind of e-mail, in Liquid.</summary>
public sealed class ReplaceEmailTemplateRequest
{
    /// <summary>The subject line (Liquid; one line).</summary>
    public string Subject { get; init; } = "";

    /// <summary>The HTML body (Liquid). Every value is HTML-escaped; the <c>raw</c> filter is refused.</summary>
    public string HtmlBody { get; init; } = "";

    /// <summary>The plain-text alternative (Liquid), for mail programs that do not show HTML.</summary>
    public string TextBody { get; init; } = "";
}

public sealed class ReplaceEmailTemplateValidator : Validator<ReplaceEmailTemplateRequest>
{
    public ReplaceEmailTemplateValidator()
    {
        RuleFor(r => r.Subject).NotEmpty().WithMessage("subject is required.")
            .MaximumLength(LiquidTemplates.MaxSubjectLength).SingleLineText();
        RuleFor(r => r.HtmlBody).NotEmpty().WithMessage("htmlBody is required.")
            .MaximumLength(LiquidTemplates.MaxBodyLength).MultiLineText();
        RuleFor(r => r.TextBody).NotEmpty().WithMessage("textBody is required.")
            .MaximumLength(LiquidTemplates.MaxBodyLength).MultiLineText();
    }
}

public sealed class ReplaceEmailTemplate(RegistrationDb db, TimeProvider clock) : Endpoint<ReplaceEmailTemplateRequest, EmailTemplateResponse>
{
    public override void Configure()
    {
        Put(EmailTemplateRoutes.Path);
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(EmailTemplateResponse), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Replace the template of one kind of e-mail for an event (secretariat)";
            s.Description = "Subject, HTML body and plain-text body in Liquid (`{{ delegate.givenName }}`, `{% for m in delegate.meetings %}`, the "
                + "standard filters). The template is checked before it is stored: one that does not parse, names a placeholder the kind does "
                + "not have (each is listed in `errors` under the field it is in: `'delegate.nickname' is not a placeholder of "
                + "registration-approved e-mails.`), uses an unknown filter, `raw` in the HTML body, `include`/`render` or a range (`(1..5)`), is "
                + "`400 validation-failed`. Values are HTML-escaped in the HTML body. E-mails are written with the template in force when "
                + "they are sent. Unknown event: `404 event-not-found`; unknown kind: `404 email-template-not-found`."
                + EmailTemplateRoutes.KindsAndPlaceholders
                + "\n\nThe placeholders of each kind:" + EmailTemplateRoutes.PlaceholderReference();
            s.ExampleRequest = new ReplaceEmailTemplateRequest
            {
                Subject = "{{ event.code }}: registration of {{ delegate.fullName }} approved",
                HtmlBody = "<p>Dear {{ delegate.fullName }},</p>\n<p>you are registered {{ delegate.participationMode }} for:</p>\n<ul>{% for m in delegate.meetings %}<li>{{ m.title }}</li>{% endfor %}</ul>",
                TextBody = "Dear {{ delegate.fullName }},\n\nyou are registered {{ delegate.participationMode }} for:\n{% for m in delegate.meetings %}- {{ m.title }}\n{% endfor %}",
            };
        });
    }

    public override async Task HandleAsync(ReplaceEmailTemplateRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var kind = EmailTemplateRoutes.Kind(Route<string>("kind"));
        await db.EnsureEventExistsAsync(eventId, ct);

        var template = new EmailTemplate(req.Subject, req.HtmlBody, req.TextBody);
        foreach (var problem in LiquidTemplates.Check(kind, template))
        {
            ValidationFailures.Add(new ValidationFailure(problem.Field, problem.Message));
        }

        ThrowIfAnyErrors();

        // One statement, so two replacements at once leave the later one, never a unique violation.
        var replaced = new EventEmailTemplate(eventId, kind, template, User.Subject(), clock.GetUtcNow());
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO email_templates (event_id, kind, subject, html_body, text_body, updated_by, updated_at)
            VALUES ({eventId}, {kind.Wire()}, {replaced.Subject}, {replaced.HtmlBody}, {replaced.TextBody}, {replaced.UpdatedBy}, {replaced.UpdatedAt})
            ON CONFLICT (event_id, kind) DO UPDATE SET subject = excluded.subject, html_body = excluded.html_body, text_body = excluded.text_body,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """,
            ct);
        await Send.OkAsync(await EmailTemplateRoutes.EffectiveAsync(db, eventId, kind, ct), ct);
    }
}
