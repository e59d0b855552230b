using System.Text.RegularExpressions;

namespace Registration.Api.Domain;

/// <summary>On the wire: <c>video</c> (a pre-recorded statement with its transcript), <c>written</c> (PDF or DOCX).</summary>
public enum StatementKind
{
    Video,
    Written,
}

/// <summary>On the wire: <c>submitted</c>, <c>accepted</c>, <c>returned</c>, <c>published</c>.</summary>
public enum StatementState
{
    Submitted,
    Accepted,
    Returned,
    Published,
}

/// <summary>
/// One version of a delegation's statement on an agenda item: a pre-recorded video (at most three minutes, with its
/// transcript) or a written statement. The file lives in the file store (<see cref="StorageKey"/>); the row holds what
/// was checked about it. A new upload for the same item and kind is the next version; earlier ones stay.
/// </summary>
public sealed partial class Statement
{
    public const int MaxTranscriptLength = 100_000;
    public const int MaxReasonLength = 2000;
    public const int MaxLabelLength = 300;

    /// <summary>The invitation's limit: pre-recorded video statements are limited to three minutes.</summary>
    public static readonly TimeSpan MaxVideoDuration = TimeSpan.FromSeconds(180);

    private Statement()
    {
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public Guid DelegationId { get; private set; }
    public string Country { get; private set; } = "";
    public Guid AgendaItemId { get; private set; }
    public string AgendaItemNumber { get; private set; } = "";
    public string MeetingCode { get; private set; } = "";
    public StatementKind Kind { get; private set; }

    /// <summary>1 for the first upload of the delegation's statement of this kind on this item, then 2, 3, ...</summary>
    public int VersionNumber { get; private set; }

    /// <summary>The invitation's subject line, <c>12th EMIC statement – Austria 3</c>: the title and the download's file name.</summary>
    public string Label { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string StorageKey { get; private set; } = "";
    public double? DurationSeconds { get; private set; }
    public string? Transcript { get; private set; }
    public StatementState State { get; private set; }
    public string SubmittedBy { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
    public string? ReviewedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public string? ReturnReason { get; private set; }
    public string? PublishedBy { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>PostgreSQL xmin: two reviews racing for one statement store exactly one.</summary>
    public uint RowVersion { get; private set; }

    public static Statement Submit(NewStatement spec, DateTimeOffset now)
    {
        if (spec.Kind == StatementKind.Video && spec.DurationSeconds is { } seconds && seconds > MaxVideoDuration.TotalSeconds)
        {
            throw new DomainFailure(FailureKind.Unprocessable, ErrorCodes.StatementTooLong,
                $"The video lasts {seconds:0.#} s; pre-recorded video statements are limited to three minutes (180 s).");
        }

        var label = LabelOf(spec.Meeting, Countries.NameOf(spec.Delegation.Country), spec.AgendaItem.Number);
        return new Statement
        {
            Id = Guid.CreateVersion7(now),
            EventId = spec.Delegation.EventId,
            DelegationId = spec.Delegation.Id,
            Country = spec.Delegation.Country,
            AgendaItemId = spec.AgendaItem.Id,
            AgendaItemNumber = spec.AgendaItem.Number,
            MeetingCode = spec.Meeting.Code,
            Kind = spec.Kind,
            VersionNumber = spec.VersionNumber,
            Label = label,
            FileName = label + spec.Extension,
            ContentType = spec.ContentType,
            SizeBytes = spec.SizeBytes,
            Sha256 = spec.Sha256,
            StorageKey = spec.StorageKey,
            DurationSeconds = spec.DurationSeconds,
            Transcript = spec.Transcript,
            State = StatementState.Submitted,
            SubmittedBy = spec.By,
            SubmittedAt = now,
        };
    }

    /// <summary>
    /// The invitation's subject line: the meeting's ordinal and short name (<c>EMIC-12</c> is the 12th EMIC), the country's
    /// name and the agenda item's number — <c>12th EMIC statement – Austria 3</c>. A meeting code of another shape is used as it is.
    /// </summary>
    public static string LabelOf(Meeting meeting, string countryName, string itemNumber)
    {
        var match = MeetingCodeShape().Match(meeting.Code);
        var session = match.Success ? $"{Ordinal(int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture))} {match.Groups["body"].Value}" : meeting.Code;
        return $"{session} statement \u2013 {countryName} {itemNumber}";
    }

    internal static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch { 1 => $"{n}st", 2 => $"{n}nd", 3 => $"{n}rd", _ => $"{n}th" },
    };

    public void Accept(string by, DateTimeOffset now)
    {
        EnsureIn("accept", StatementState.Submitted, StatementState.Returned);
        State = StatementState.Accepted;
        (ReviewedBy, ReviewedAt, ReturnReason) = (by, now, null);
    }

    public void Return(string by, string reason, DateTimeOffset now)
    {
        EnsureIn("return", StatementState.Submitted, StatementState.Accepted);
        State = StatementState.Returned;
        (ReviewedBy, ReviewedAt, ReturnReason) = (by, now, reason);
    }

    public void Publish(string by, DateTimeOffset now)
    {
        EnsureIn("publish", StatementState.Accepted);
        State = StatementState.Published;
        (PublishedBy, PublishedAt) = (by, now);
    }

    private void EnsureIn(string action, params StatementState[] states)
    {
        if (!states.Contains(State))
        {
            throw DomainFailure.Conflict(ErrorCodes.InvalidTransition,
                $"A {State.ToString().ToLowerInvariant()} statement cannot be {action}ed; only a statement that is "
                + string.Join(" or ", states.Select(s => s.ToString().ToLowerInvariant())) + " can.");
        }
    }

    [GeneratedRegex(@"^(?<body>[A-Za-z]+)-(?<n>[0-9]{1,4})[A-Za-z]*$")]
    private static partial Regex MeetingCodeShape();
}

/// <summary>What an upload established about a new statement, before it is filed.</summary>
public sealed record NewStatement(
    Delegation Delegation,
    AgendaItem AgendaItem,
    Meeting Meeting,
    StatementKind Kind,
    int VersionNumber,
    string Extension,
    string ContentType,
    long SizeBytes,
    string Sha256,
    string StorageKey,
    double? DurationSeconds,
    string? Transcript,
    string By);

/// <summary>Closing of statements at a statement deadline, with the summary as it stood (one per event and deadline).</summary>
public sealed class StatementClosure
{
    private StatementClosure()
    {
    }

    public StatementClosure(Guid eventId, DateTimeOffset deadline, DateTimeOffset closedAt, string summaryJson)
    {
        Id = Guid.CreateVersion7(closedAt);
        EventId = eventId;
        Deadline = deadline;
        ClosedAt = closedAt;
        SummaryJson = summaryJson;
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public DateTimeOffset ClosedAt { get; private set; }
    public string SummaryJson { get; private set; } = "";
}
