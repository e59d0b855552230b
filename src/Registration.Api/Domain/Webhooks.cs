namespace Registration.Api.Domain;

/// <summary>On the wire: <c>active</c>, <c>paused</c> (after failing for 24 hours; the secretariat resumes it).</summary>
public enum WebhookStatus
{
    Active,
    Paused,
}

/// <summary>On the wire: <c>pending</c> (to be sent or retried), <c>succeeded</c>, <c>failed</c> (given up).</summary>
public enum DeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>On the wire: <c>succeeded</c> (a 2xx answer), <c>failed</c>.</summary>
public enum AttemptOutcome
{
    Succeeded,
    Failed,
}

/// <summary>
/// An integrator's subscription: where to send which changes (of one event or of all), signed with its secret. A
/// subscription whose deliveries keep failing for <see cref="PauseAfter"/> is paused: nothing is sent to it until the
/// secretariat resumes it.
/// </summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    /// <summary>How long deliveries may keep failing, without one success, before the subscription is paused.</summary>
    public static readonly TimeSpan PauseAfter = TimeSpan.FromHours(24);

    private WebhookSubscription()
    {
    }

    public Guid Id { get; private set; }
    public string Url { get; private set; } = "";

    /// <summary>The change types delivered.</summary>
    public List<ChangeType> Types { get; private set; } = [];

    /// <summary>Only this event's changes; null: every event's.</summary>
    public Guid? EventId { get; private set; }

    public string? Description { get; private set; }

    /// <summary>The signing secret, <c>whsec_</c> and base64 (Standard Webhooks); shown once, when created.</summary>
    public string Secret { get; private set; } = "";

    public WebhookStatus Status { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The first failed attempt since the last success; null while deliveries succeed.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    public DateTimeOffset? PausedAt { get; private set; }

    public static WebhookSubscription Create(
        string url, IReadOnlyCollection<ChangeType> types, Guid? eventId, string? description, string secret, string by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Url = url,
        Types = [.. types.Distinct()],
        EventId = eventId,
        Description = description,
        Secret = secret,
        Status = WebhookStatus.Active,
        CreatedBy = by,
        CreatedAt = now,
    };

    /// <summary>Whether this change is delivered to the subscription (an active one, of a type and event it asked for).</summary>
    public bool Wants(OutboxEntry change) =>
        Status == WebhookStatus.Active && Types.Contains(change.Type) && (EventId is null || EventId == change.EventId);

    /// <summary>The secretariat resumes a paused subscription: deliveries start again with the changes that follow.</summary>
    public void Resume()
    {
        if (Status != WebhookStatus.Paused)
        {
            throw DomainFailure.Conflict(ErrorCodes.InvalidTransition, "Only a paused webhook can be resumed; this one is active.");
        }

        Status = WebhookStatus.Active;
        PausedAt = null;
        FailingSince = null;
    }
}

/// <summary>
/// One change to be delivered to one subscription, at least once: attempted until a receiver answers 2xx, with the same
/// <c>webhook-id</c> (the change's id) every time, on an exponential back-off that spans more than a day.
/// </summary>
public sealed class WebhookDelivery
{
    private readonly List<WebhookAttempt> attempts = [];

    private WebhookDelivery()
    {
    }

    /// <summary>
    /// Waits after each failed attempt: 10 s, then four times longer each time (40 s, 2 min 40 s, ...), at most 12 hours.
    /// The ninth attempt, the last, comes about 27 hours after the first, so a receiver down for a whole day still gets the change.
    /// </summary>
    public static IReadOnlyList<TimeSpan> RetryDelays { get; } =
        [.. Enumerable.Range(0, 8).Select(n => TimeSpan.FromSeconds(Math.Min(10 * Math.Pow(4, n), TimeSpan.FromHours(12).TotalSeconds)))];

    public Guid Id { get; private set; }
    public Guid SubscriptionId { get; private set; }

    /// <summary>The outbox entry delivered; its id is the <c>webhook-id</c>.</summary>
    public Guid ChangeId { get; private set; }

    public DeliveryStatus Status { get; private set; }

    /// <summary>Attempts made, all told.</summary>
    public int AttemptCount { get; private set; }

    /// <summary>Failed attempts since the delivery was scheduled or replayed: where it stands on the back-off.</summary>
    public int FailuresInRound { get; private set; }

    /// <summary>When the next attempt is due (application clock); null once the delivery succeeded or was given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>A sender working on the delivery holds it until then (the database's clock), so that two never send it at once.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }

    /// <summary>The secretariat asked for the next attempt (a replay).</summary>
    public bool ReplayRequested { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The attempts made in this unit of work (the log is read from the database, never loaded with the delivery).</summary>
    public IReadOnlyList<WebhookAttempt> Attempts => attempts;

    public static WebhookDelivery For(WebhookSubscription subscription, OutboxEntry change, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SubscriptionId = subscription.Id,
        ChangeId = change.Id,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    /// <summary>
    /// Records an attempt made at <paramref name="at"/>: a success ends the delivery; a failure schedules the next
    /// attempt on the back-off, or gives up after the last.
    /// </summary>
    public void Record(AttemptResult result, DateTimeOffset at)
    {
        attempts.Add(new WebhookAttempt(this, ++AttemptCount, at, result, ReplayRequested));
        ReplayRequested = false;
        LeaseUntil = null;
        if (result.Succeeded)
        {
            (Status, NextAttemptAt) = (DeliveryStatus.Succeeded, null);
            return;
        }

        FailuresInRound++;
        (Status, NextAttemptAt) = FailuresInRound <= RetryDelays.Count
            ? (DeliveryStatus.Pending, at + RetryDelays[FailuresInRound - 1])
            : (DeliveryStatus.Failed, (DateTimeOffset?)null);
    }

    /// <summary>Sends the change again now, whatever became of it, with a fresh back-off should the receiver fail.</summary>
    public void Replay(DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        FailuresInRound = 0;
        NextAttemptAt = now;
        ReplayRequested = true;
    }

    /// <summary>The subscription was paused: this delivery is given up (a replay sends it again once resumed).</summary>
    public void GiveUp()
    {
        if (Status == DeliveryStatus.Pending)
        {
            (Status, NextAttemptAt) = (DeliveryStatus.Failed, null);
        }
    }
}

/// <summary>What one attempt came to: the receiver's answer, or why there was none.</summary>
/// <param name="Succeeded">The receiver answered 2xx.</param>
/// <param name="StatusCode">The HTTP status the receiver answered; null when it did not answer.</param>
/// <param name="Latency">From sending to the answer's headers (or to the failure).</param>
/// <param name="Error">Why the attempt failed, for a person to read; null on success.</param>
public sealed record AttemptResult(bool Succeeded, int? StatusCode, TimeSpan Latency, string? Error);

/// <summary>One attempt to deliver a change, as the deliveries log shows it.</summary>
public sealed class WebhookAttempt
{
    public const int MaxErrorLength = 500;

    private WebhookAttempt()
    {
    }

    internal WebhookAttempt(WebhookDelivery delivery, int number, DateTimeOffset at, AttemptResult result, bool replay)
    {
        Id = Guid.CreateVersion7(at);
        DeliveryId = delivery.Id;
        Number = number;
        At = at;
        Outcome = result.Succeeded ? AttemptOutcome.Succeeded : AttemptOutcome.Failed;
        ResponseStatus = result.StatusCode;
        LatencyMs = (int)Math.Min(int.MaxValue, Math.Round(result.Latency.TotalMilliseconds));
        Error = result.Error is { Length: > MaxErrorLength } long_ ? long_[..MaxErrorLength] : result.Error;
        Replay = replay;
    }

    public Guid Id { get; private set; }
    public Guid DeliveryId { get; private set; }

    /// <summary>1, 2, 3, ... per delivery.</summary>
    public int Number { get; private set; }

    public DateTimeOffset At { get; private set; }
    public AttemptOutcome Outcome { get; private set; }
    public int? ResponseStatus { get; private set; }
    public int LatencyMs { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The attempt the secretariat asked for with a replay.</summary>
    public bool Replay { get; private set; }
}
