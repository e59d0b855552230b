using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Email;

namespace Registration.Api.Features.EmailTemplates;

/// <summary>The template an event's e-mails of one kind are written with: the secretariat's replacement, or the default.</summary>
/// <param name="Kind">The e-mail's kind.</param>
/// <param name="Recipient">Who receives it, and when.</param>
/// <param name="Subject">Liquid for the subject line (line breaks in values become spaces).</param>
/// <param name="HtmlBody">Liquid for the HTML body; every value is HTML-escaped.</param>
/// <param name="TextBody">Liquid for the plain-text alternative.</param>
/// <param name="IsDefault">True while the event uses the built-in template (nothing replaced, or the replacement deleted).</param>
/// <param name="UpdatedBy">Who replaced it (the token's <c>sub</c>); null for the default.</param>
/// <param name="UpdatedAt">When it was replaced (UTC); null for the default.</param>
/// <param name="Placeholders">Every value the template may name, with what it holds; <c>[]</c> marks a list's items (<c>{% for m in delegate.meetings %}{{ m.title }}{% endfor %}</c>).</param>
public sealed record EmailTemplateResponse(
    EmailKind Kind,
    string Recipient,
    string Subject,
    string HtmlBody,
    string TextBody,
    bool IsDefault,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<PlaceholderResponse> Placeholders);

/// <summary>A value a template may name.</summary>
/// <param name="Name">Its path, for example <c>delegate.givenName</c>; <c>delegate.meetings[].title</c> is the title of each item of the list.</param>
/// <param name="Description">What it holds.</param>
public sealed record PlaceholderResponse(string Name, string Description);

internal static class EmailTemplateRoutes
{
    public const string Path = "/events/{eventId:guid}/email-templates/{kind}";

    public const string KindsAndPlaceholders =
        " Kinds: `registration-received`, `registration-approved` and `registration-rejected` go to the nominee (the delegate's own address), "
        + "`note-verbale-unmatched` and `deadline-reminder` to the delegation's focal point (`focalPointEmail`; a delegation without one gets none).";

    /// <summary>The route's kind, or <c>404 email-template-not-found</c>.</summary>
    public static EmailKind Kind(string? wire) =>
        EmailKinds.TryParse(wire, out var kind)
            ? kind
            : throw DomainFailure.NotFound(ErrorCodes.EmailTemplateNotFound,
                $"There is no e-mail kind '{wire}'; the kinds are {string.Join(", ", EmailKinds.All.Select(k => k.Wire()))}.");

    /// <summary>Every kind's placeholders, for the operations' descriptions.</summary>
    public static string PlaceholderReference() =>
        string.Concat(EmailKinds.All.Select(kind =>
            $"\n\n**{kind.Wire()}** ({kind.Purpose()}):\n"
            + string.Concat(Placeholders.Paths(kind).Select(p => $"\n- `{p.Path}`: {p.Description}"))));

    public static async Task<EmailTemplateResponse> EffectiveAsync(RegistrationDb db, Guid eventId, EmailKind kind, CancellationToken ct)
    {
        var replaced = await db.EmailTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.EventId == eventId && t.Kind == kind, ct);
        return replaced is null ? Response(kind, DefaultEmailTemplates.For(kind), null) : Response(kind, replaced.Template, replaced);
    }

    public static EmailTemplateResponse Response(EmailKind kind, EmailTemplate template, EventEmailTemplate? replaced) => new(
        kind,
        kind.Purpose(),
        template.Subject,
        template.HtmlBody,
        template.TextBody,
        replaced is null,
        replaced?.UpdatedBy,
        replaced?.UpdatedAt.ToUniversalTime(),
        [.. Placeholders.Paths(kind).Select(p => new PlaceholderResponse(p.Path, p.Description))]);
}
