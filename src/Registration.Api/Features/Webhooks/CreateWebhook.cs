using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Webhooks;

namespace Registration.Api.Features.Webhooks;

/// <summary>A new webhook subscription.</summary>
public sealed class CreateWebhookRequest
{
    /// <summary>Where to send each change (HTTP POST): an absolute <c>https</c> URL of a public host.</summary>
    public string Url { get; init; } = "";

    /// <summary>The change types to send, at least one.</summary>
    public List<ChangeType> Types { get; init; } = [];

    /// <summary>Only this event's changes; omitted or null: every event's.</summary>
    public Guid? EventId { get; init; }

    /// <summary>What the subscription is for, for your own reference (optional).</summary>
    public string? Description { get; init; }
}

public sealed class CreateWebhookValidator : Validator<CreateWebhookRequest>
{
    public CreateWebhookValidator()
    {
        RuleFor(r => r.Url)
            .NotEmpty().WithMessage("url is required.")
            .MaximumLength(WebhookSubscription.MaxUrlLength)
            .Must(WebhookUrls.IsWellFormed).When(r => !string.IsNullOrEmpty(r.Url), ApplyConditionTo.CurrentValidator)
            .WithMessage("url must be an absolute http or https URL without user name, password or fragment.");
        RuleFor(r => r.Types)
            .NotEmpty().WithMessage("types must name at least one change type.")
            .Must(t => t!.Distinct().Count() == t!.Count).When(r => r.Types is { Count: > 0 }, ApplyConditionTo.CurrentValidator)
            .WithMessage("types must not repeat a change type.");
        RuleFor(r => r.EventId).NotEqual(Guid.Empty).WithMessage("eventId must be an event's id, or left out for every event.");
        RuleFor(r => r.Description).MaximumLength(WebhookSubscription.MaxDescriptionLength).SingleLineText();
    }
}

public sealed class CreateWebhook(RegistrationDb db, TimeProvider clock, WebhookUrls urls) : Endpoint<CreateWebhookRequest, NewWebhookResponse>
{
    public override void Configure()
    {
        Post("/webhooks");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(NewWebhookResponse), 400, 401, 403).WithMetadata(new WebhookCallback(typeof(Changes.ChangeResponse))));
        Summary(s =>
        {
            s.Summary = "Subscribe to changes by webhook (secretariat)";
            s.Description = "From now on each committed change of the chosen `types` (of one event, or of every event) is sent to `url` "
                + "as an HTTP POST whose body is the change as the change feed lists it, signed per Standard Webhooks: headers "
                + "`webhook-id` (the change's id, the same on every retry), `webhook-timestamp` (Unix seconds) and "
                + "`webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed with "
                + "the secret's base64-decoded bytes). The answer carries the secret: it is shown this once. A receiver answers 2xx "
                + "within 10 seconds; otherwise the change is sent again, at least once in all, after 10 s, 40 s, 2 min 40 s and so "
                + "on, four times longer each time and at most 12 hours apart, for about 27 hours. A subscription whose deliveries "
                + "fail for 24 hours is paused. `url` must be `https` and its host public — not loopback, private or link-local, "
                + "checked here and again at every delivery — else `400 validation-failed` naming `url` (a local run in "
                + "Development may use `http` and local receivers). An `eventId` that names no event: `400` naming `eventId`.";
            s.ExampleRequest = new CreateWebhookRequest
            {
                Url = "https://conference-services.example.org/registration-webhooks",
                Types = [ChangeType.DelegateApproved, ChangeType.DelegateWithdrawn, ChangeType.RegistrationClosed],
                Description = "Badge printing at the Vienna International Centre",
            };
        });
    }

    public override async Task HandleAsync(CreateWebhookRequest req, CancellationToken ct)
    {
        if (req.EventId is { } eventId && !await db.Events.AnyAsync(e => e.Id == eventId, ct))
        {
            throw DomainFailure.Invalid("eventId", $"There is no event {eventId}.");
        }

        await urls.EnsureAllowedAsync(req.Url, ct);
        var created = WebhookSubscription.Create(
            req.Url, req.Types, req.EventId, string.IsNullOrWhiteSpace(req.Description) ? null : req.Description.Trim(),
            WebhookSignature.NewSecret(), User.Subject(), clock.GetUtcNow());
        db.WebhookSubscriptions.Add(created);
        await db.SaveChangesAsync(ct);

        await Send.CreatedAtAsync<GetWebhook>(new { webhookId = created.Id }, new NewWebhookResponse(created.ToResponse(), created.Secret), cancellation: ct);
    }
}
