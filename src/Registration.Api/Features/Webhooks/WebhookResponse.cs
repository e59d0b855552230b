using Registration.Api.Domain;

namespace Registration.Api.Features.Webhooks;

/// <summary>A webhook subscription: where which changes are sent.</summary>
/// <param name="Id">The subscription's id.</param>
/// <param name="Url">Where each change is sent (HTTP POST).</param>
/// <param name="Types">The change types sent.</param>
/// <param name="EventId">Only this event's changes; null: every event's.</param>
/// <param name="Description">What the subscription is for, for the secretariat's own reference.</param>
/// <param name="Status"><c>active</c>, or <c>paused</c> after its deliveries failed for 24 hours (resume it with <c>POST .../resume</c>).</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="CreatedBy">Who created it (the token's <c>sub</c>).</param>
/// <param name="FailingSince">The first failed attempt since the last success (UTC); null while deliveries succeed.</param>
/// <param name="PausedAt">When it was paused (UTC); null while active.</param>
public record WebhookResponse(
    Guid Id,
    string Url,
    IReadOnlyList<ChangeType> Types,
    Guid? EventId,
    string? Description,
    WebhookStatus Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PausedAt);

/// <summary>A webhook subscription just created, with its signing secret: the only time the secret is shown.</summary>
public sealed record NewWebhookResponse : WebhookResponse
{
    public NewWebhookResponse(WebhookResponse webhook, string secret)
        : base(webhook) => Secret = secret;

    /// <summary>The signing secret (<c>whsec_</c> and base64, as Standard Webhooks libraries take it). Keep it: it is not shown again.</summary>
    public string Secret { get; }
}

/// <summary>One change to be delivered to a subscription, and every attempt so far.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="ChangeId">The change delivered, sent as the <c>webhook-id</c> header on every attempt (the same on each).</param>
/// <param name="Type">The change's type.</param>
/// <param name="EventId">The change's event.</param>
/// <param name="Status"><c>pending</c> (to be sent or retried), <c>succeeded</c> (a 2xx answer), or <c>failed</c> (given up after the last attempt, or the subscription was paused).</param>
/// <param name="NextAttemptAt">When the next attempt is due (UTC); null once succeeded or failed.</param>
/// <param name="CreatedAt">When the delivery was scheduled (UTC).</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    Guid ChangeId,
    ChangeType Type,
    Guid EventId,
    DeliveryStatus Status,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    IReadOnlyList<WebhookAttemptResponse> Attempts);

/// <summary>One attempt to deliver a change.</summary>
/// <param name="Number">1, 2, 3, ... for the delivery.</param>
/// <param name="At">When it was sent (UTC).</param>
/// <param name="Outcome"><c>succeeded</c> (the receiver answered 2xx) or <c>failed</c>.</param>
/// <param name="ResponseStatus">The HTTP status the receiver answered; null when it did not answer (timeout, connection refused, address refused).</param>
/// <param name="LatencyMs">Milliseconds from sending to the answer (or to the failure).</param>
/// <param name="Error">Why the attempt failed; null on success.</param>
/// <param name="Replay">The attempt was asked for with a replay.</param>
public sealed record WebhookAttemptResponse(int Number, DateTimeOffset At, AttemptOutcome Outcome, int? ResponseStatus, int LatencyMs, string? Error, bool Replay);

internal static class WebhookMapping
{
    public static WebhookResponse ToResponse(this WebhookSubscription s) => new(
        s.Id,
        s.Url,
        s.Types,
        s.EventId,
        s.Description,
        s.Status,
        s.CreatedAt.ToUniversalTime(),
        s.CreatedBy,
        s.FailingSince?.ToUniversalTime(),
        s.PausedAt?.ToUniversalTime());

    public static WebhookAttemptResponse ToResponse(this WebhookAttempt a) =>
        new(a.Number, a.At.ToUniversalTime(), a.Outcome, a.ResponseStatus, a.LatencyMs, a.Error, a.Replay);

    public static DomainFailure WebhookNotFound(Guid id) => DomainFailure.NotFound(ErrorCodes.WebhookNotFound, $"There is no webhook {id}.");
}
