namespace Registration.Api.Domain;

/// <summary>What kind of failure a domain rule reports; Platform maps each kind to one HTTP status.</summary>
public enum FailureKind
{
    NotFound,
    Conflict,
    Forbidden,
    PreconditionFailed,
    Invalid,
    PayloadTooLarge,
    UnsupportedMediaType,
    Unprocessable,
}

/// <summary>
/// A business rule refused an operation. Carries the contract's stable machine-readable <see cref="Code"/>;
/// the one place that turns it into problem details is <c>Platform/Problems</c>.
/// </summary>
public sealed class DomainFailure(FailureKind kind, string code, string detail) : Exception(detail)
{
    public FailureKind Kind { get; } = kind;
    public string Code { get; } = code;

    /// <summary>For <see cref="FailureKind.Invalid"/>: the camelCase field the failure is about.</summary>
    public string? Field { get; init; }

    /// <summary>
    /// Several messages keyed by what they are about (a CSV's lines, a run's missions), answered as the problem's
    /// <c>errors</c>; <see cref="Field"/> is ignored when set.
    /// </summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>When a retry may succeed: the answer's <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static DomainFailure NotFound(string code, string detail) => new(FailureKind.NotFound, code, detail);
    public static DomainFailure Conflict(string code, string detail) => new(FailureKind.Conflict, code, detail);
    public static DomainFailure Invalid(string field, string detail) =>
        new(FailureKind.Invalid, ErrorCodes.ValidationFailed, detail) { Field = field };
}

/// <summary>The contract's error codes, in one list so that endpoints, domain and OpenAPI agree.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation-failed";
    public const string MalformedRequest = "malformed-request";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string PayloadTooLarge = "payload-too-large";
    public const string ConcurrencyConflict = "concurrency-conflict";
    public const string PreconditionFailed = "precondition-failed";
    public const string InternalError = "internal-error";
    public const string UriTooLong = "uri-too-long";
    public const string RequestHeadersTooLarge = "request-headers-too-large";
    public const string RequestTimeout = "request-timeout";

    public const string EventNotFound = "event-not-found";
    public const string EventCodeTaken = "event-code-taken";
    public const string DelegationNotFound = "delegation-not-found";
    public const string DelegationExists = "delegation-exists";
    public const string DelegateNotFound = "delegate-not-found";
    public const string EmailTaken = "email-taken";
    public const string AlreadyRegistered = "already-registered";
    public const string InvalidTransition = "invalid-transition";
    public const string RegistrationClosed = "registration-closed";
    public const string NoteVerbaleMissing = "note-verbale-missing";
    public const string NoteVerbaleMismatch = "note-verbale-mismatch";
    public const string NoteVerbaleNotFound = "note-verbale-not-found";
    public const string NoteVerbaleTooComplex = "note-verbale-too-complex";
    public const string WebhookNotFound = "webhook-not-found";
    public const string WebhookPaused = "webhook-paused";
    public const string DeliveryNotFound = "delivery-not-found";
    public const string EmailTemplateNotFound = "email-template-not-found";
    public const string AgendaItemNotFound = "agenda-item-not-found";
    public const string AgendaItemNumberTaken = "agenda-item-number-taken";
    public const string AgendaItemInUse = "agenda-item-in-use";
    public const string StatementNotFound = "statement-not-found";
    public const string StatementTooLong = "statement-too-long";
    public const string StatementDeadlinePassed = "statement-deadline-passed";
    public const string SittingNotFound = "sitting-not-found";
    public const string SittingExists = "sitting-exists";
    public const string RemoteSlotNotFound = "remote-slot-not-found";
    public const string RemoteTimeExhausted = "remote-time-exhausted";
    public const string DelegateNotApproved = "delegate-not-approved";
    public const string DelegateNotOnline = "delegate-not-online";
    public const string MissionNotFound = "mission-not-found";
    public const string MissionExists = "mission-exists";
    public const string LetterTemplateNotFound = "letter-template-not-found";
    public const string LetterRunNotFound = "letter-run-not-found";
    public const string LetterValuesMissing = "letter-values-missing";
    public const string EmailNotConfigured = "email-not-configured";
    public const string CallNotFound = "call-not-found";
    public const string CallReferenceTaken = "call-reference-taken";
    public const string CallClosed = "call-closed";
    public const string CountryNotEligible = "country-not-eligible";
    public const string ContributionNotFound = "contribution-not-found";
    public const string ContributionExists = "contribution-exists";
    public const string FileNotFound = "file-not-found";
    public const string ServiceUnavailable = "service-unavailable";
    public const string TooManyRequests = "too-many-requests";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string RequestInProgress = "request-in-progress";
}
