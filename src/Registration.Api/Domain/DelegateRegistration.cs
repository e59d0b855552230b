using Registration.Api.Domain.Matching;

namespace Registration.Api.Domain;

/// <summary>Where a delegate's registration stands. On the wire: <c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>withdrawn</c>.</summary>
public enum DelegateStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>
/// Whether a note verbale of the delegation that counts names the delegate. On the wire: <c>missing</c> (no note yet),
/// <c>unmatched</c>, <c>partial</c> (named only as part of a longer, hyphenated name: approval waits for the
/// secretariat's confirmation), <c>matched</c>, <c>confirmed</c> (by the secretariat, for a scan or an oddly written note).
/// </summary>
public enum NoteVerbaleStatus
{
    Missing,
    Unmatched,
    Partial,
    Matched,
    Confirmed,
}

/// <summary>A delegate's place in the delegation, as notes verbales name it. On the wire: <c>head</c>, <c>alternate</c>, <c>adviser</c>, <c>member</c>.</summary>
public enum DelegationRole
{
    Head,
    Alternate,
    Adviser,
    Member,
}

/// <summary>What the delegate's registration says about them; names are kept exactly as given (trimmed).</summary>
public sealed record DelegateDetails(
    string Title,
    string GivenName,
    string FamilyName,
    string? JobTitle,
    string Email,
    ParticipationMode ParticipationMode,
    IReadOnlyList<string>? Meetings,
    DelegationRole? Role);

/// <summary>
/// One person registered by a delegation for an event ("delegate" on the wire; the name avoids System.Delegate).
/// Owns its transitions: pending → approved | rejected (by the secretariat, approval only when a note verbale of the
/// delegation that is not superseded names the delegate or the secretariat confirmed it); pending | approved → withdrawn; an edit of an approved
/// delegate returns it to pending. Every change leaves a line in <see cref="History"/>.
/// </summary>
public sealed class DelegateRegistration : IRaisesChanges
{
    public const int MaxTitleLength = 50;
    public const int MaxNameLength = 100;
    public const int MaxJobTitleLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxReasonLength = 1000;
    public const int MaxReadAsLength = 500;

    private readonly List<DelegateHistoryEntry> history = [];
    private readonly PendingChanges changes = new();

    private DelegateRegistration()
    {
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public Guid DelegationId { get; private set; }

    /// <summary>The delegation's country, kept here so the secretariat's lists filter without a join.</summary>
    public string Country { get; private set; } = "";

    public string Title { get; private set; } = "";
    public string GivenName { get; private set; } = "";
    public string FamilyName { get; private set; } = "";
    public string? JobTitle { get; private set; }
    public string Email { get; private set; } = "";

    /// <summary>Trimmed and lower-cased: e-mail addresses are compared case-insensitively, unique among active delegates.</summary>
    public string NormalizedEmail { get; private set; } = "";

    /// <summary>Lower-case name and e-mail without diacritics, for the secretariat's search.</summary>
    public string SearchText { get; private set; } = "";

    public ParticipationMode ParticipationMode { get; private set; }
    public List<string> Meetings { get; private set; } = [];
    public DelegationRole? Role { get; private set; }
    public DelegateStatus Status { get; private set; }
    public NoteVerbaleStatus NoteVerbaleStatus { get; private set; }

    /// <summary>The note verbale that names the delegate (or that the secretariat confirmed); for <c>unmatched</c>, the newest note checked.</summary>
    public Guid? NoteVerbaleId { get; private set; }

    public string? ConfirmedBy { get; private set; }
    public DateTimeOffset? ConfirmedAt { get; private set; }
    public string? ConfirmationComment { get; private set; }

    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public Guid? DecisionNoteVerbaleId { get; private set; }
    public string? DecisionNoteVerbaleSha256 { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>The participant (token <c>sub</c>) who registered themselves and owns this registration; null when a delegation or the secretariat registered it.</summary>
    public string? ParticipantSubject { get; private set; }

    /// <summary>The page of the note verbale (<see cref="NoteVerbaleId"/>) where the delegate's name stands, when a note names them.</summary>
    public int? NoteVerbalePage { get; private set; }

    /// <summary>True when the page that names the delegate was read by OCR from a scan: the secretariat may want to look.</summary>
    public bool NoteVerbaleByOcr { get; private set; }

    /// <summary>The words OCR read there, normalised, when they are not exactly the registered name.</summary>
    public string? NoteVerbaleReadAs { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL xmin: the ETag, and the guard against lost updates and double decisions.</summary>
    public uint Version { get; private set; }

    /// <summary>How many lines the audit trail has; the next line gets the next number.</summary>
    public int HistoryLength { get; private set; }

    /// <summary>The audit trail; only new lines are held in memory (it is never loaded with the delegate).</summary>
    public IReadOnlyList<DelegateHistoryEntry> History => history;

    /// <summary>Pending and approved delegates count; rejected and withdrawn ones free their e-mail address.</summary>
    public bool IsActive => Status is DelegateStatus.Pending or DelegateStatus.Approved;

    /// <summary>A new pending registration; <paramref name="participantSubject"/> is the participant who registered themselves, if one did.</summary>
    public static DelegateRegistration Register(
        Event registration, Delegation delegation, DelegateDetails details, string by, DateTimeOffset now, string? participantSubject = null)
    {
        registration.EnsureOpen(now);
        var registered = new DelegateRegistration
        {
            Id = Guid.CreateVersion7(now),
            EventId = registration.Id,
            DelegationId = delegation.Id,
            Country = delegation.Country,
            Status = DelegateStatus.Pending,
            NoteVerbaleStatus = NoteVerbaleStatus.Missing,
            CreatedBy = by,
            ParticipantSubject = participantSubject,
            CreatedAt = now,
        };
        registered.Apply(registration, details, now);
        registered.Record(DelegateAction.Registered, by, now, null, null, null);
        return registered;
    }

    /// <summary>
    /// Changes the registration's details while registration is open; an approved delegate goes back to pending.
    /// Returns true when the name or e-mail changed, so that the caller checks the delegate against the note again.
    /// </summary>
    public bool Edit(Event registration, DelegateDetails details, string by, DateTimeOffset now)
    {
        registration.EnsureOpen(now);
        if (!IsActive)
        {
            throw InvalidTransition($"A {Wire(Status)} delegate cannot be edited.");
        }

        var (statusBefore, noteBefore) = (Status, NoteVerbaleStatus);
        var identityBefore = (GivenName, FamilyName, NormalizedEmail);
        Apply(registration, details, now);
        if (Status == DelegateStatus.Approved)
        {
            Status = DelegateStatus.Pending;
            ClearDecision();
        }

        Record(DelegateAction.Edited, by, now, statusBefore, noteBefore, null);
        return identityBefore != (GivenName, FamilyName, NormalizedEmail);
    }

    /// <summary>
    /// Cross-checks the delegate against every note of the delegation that counts (not superseded): matched when a note
    /// names them, partial when one names them only as part of a longer name; the delegate shows the note that names them
    /// best (the newest among equals) and the page. Without a note the status is missing; notes without text (scans)
    /// leave them unmatched until the secretariat confirms. A confirmation by hand holds while its note counts, unless
    /// <paramref name="keepConfirmation"/> is false (a new name or address needs a new confirmation). Returns how each
    /// note names the delegate, for the notes' match records.
    /// </summary>
    public NoteEvidence CheckAgainst(DelegationNotes notes, bool keepConfirmation, string by, DateTimeOffset now)
    {
        var evidence = new NoteEvidence([.. notes.All.Select(note => (note, notes.MatchIn(note, GivenName, FamilyName, Email)))]);
        if (keepConfirmation && NoteVerbaleStatus == NoteVerbaleStatus.Confirmed && NoteVerbaleId is { } confirmed && notes.Find(confirmed) is not null)
        {
            return evidence;
        }

        var before = (NoteVerbaleStatus, NoteVerbaleId, NoteVerbalePage, NoteVerbaleByOcr, NoteVerbaleReadAs);
        (NoteVerbaleStatus, NoteVerbaleId, NoteVerbalePage, NoteVerbaleByOcr, NoteVerbaleReadAs) = evidence.Best switch
        {
            { } best => (best.Match.Match == NameMatch.Full ? NoteVerbaleStatus.Matched : NoteVerbaleStatus.Partial, best.Note.Id, best.Match.Page,
                best.Match.ByOcr, best.Match.ReadAs is { Length: > MaxReadAsLength } long_ ? long_[..MaxReadAsLength] : best.Match.ReadAs),
            null when notes.Newest is { } newest => (NoteVerbaleStatus.Unmatched, newest.Id, (int?)null, false, (string?)null),
            _ => (NoteVerbaleStatus.Missing, (Guid?)null, (int?)null, false, (string?)null),
        };
        var wasConfirmed = ConfirmedBy is not null;
        ConfirmedBy = null;
        ConfirmedAt = null;
        ConfirmationComment = null;
        if (wasConfirmed || before != (NoteVerbaleStatus, NoteVerbaleId, NoteVerbalePage, NoteVerbaleByOcr, NoteVerbaleReadAs))
        {
            UpdatedAt = now;
            var detail = NoteVerbaleId is { } noteId
                ? $"Checked against {notes.All.Count} note(s) verbale(s); evidence: note verbale {noteId}{(NoteVerbalePage is { } page ? $", page {page}" : "")}"
                  + $"{(NoteVerbaleByOcr ? ", read by OCR" : "")}{(NoteVerbaleReadAs is { } readAs ? $" as \"{readAs}\"" : "")}."
                : "The delegation has no note verbale that counts.";
            Record(DelegateAction.NoteVerbaleChecked, by, now, Status, before.NoteVerbaleStatus, detail);
        }

        return evidence;
    }

    /// <summary>The secretariat states by hand that a note of the delegation names the delegate (a scan, an odd spelling, a compound name).</summary>
    public void ConfirmNoteVerbale(DelegationNotes notes, Guid noteVerbaleId, string comment, string by, DateTimeOffset now)
    {
        if (Status != DelegateStatus.Pending)
        {
            throw InvalidTransition($"Only a pending delegate's note verbale can be confirmed; this one is {Wire(Status)}.");
        }

        if (!notes.Any)
        {
            throw MissingNote();
        }

        if (notes.Find(noteVerbaleId) is null)
        {
            throw DomainFailure.Invalid("noteVerbaleId", "noteVerbaleId must be a note verbale of the delegate's delegation that is not superseded.");
        }

        var noteBefore = NoteVerbaleStatus;
        NoteVerbaleStatus = NoteVerbaleStatus.Confirmed;
        NoteVerbaleId = noteVerbaleId;
        NoteVerbalePage = null;
        NoteVerbaleByOcr = false;
        NoteVerbaleReadAs = null;
        ConfirmedBy = by;
        ConfirmedAt = now;
        ConfirmationComment = comment;
        UpdatedAt = now;
        Record(DelegateAction.NoteVerbaleConfirmed, by, now, Status, noteBefore, comment);
    }

    /// <summary>Approves a pending delegate, only when a note of the delegation that counts names them or was confirmed for them.</summary>
    public void Approve(DelegationNotes notes, string by, DateTimeOffset now)
    {
        if (Status != DelegateStatus.Pending)
        {
            throw InvalidTransition($"Only a pending delegate can be approved; this one is {Wire(Status)}.");
        }

        if (!notes.Any)
        {
            throw MissingNote();
        }

        var evidence = NoteVerbaleId is { } id ? notes.Find(id) : null;
        if (evidence is null || NoteVerbaleStatus is not (NoteVerbaleStatus.Matched or NoteVerbaleStatus.Confirmed))
        {
            throw DomainFailure.Conflict(
                ErrorCodes.NoteVerbaleMismatch,
                evidence is not null && NoteVerbaleStatus == NoteVerbaleStatus.Partial
                    ? $"A note verbale names {GivenName} {FamilyName} only as part of a longer name; confirm by hand that it is this person, or ask for a corrected note."
                    : $"No note verbale of the delegation names {GivenName} {FamilyName} and no confirmation exists; confirm it by hand or ask for a corrected note.");
        }

        Decide(DelegateStatus.Approved, null, evidence, by, now, DelegateAction.Approved);
    }

    /// <summary>Rejects a pending delegate, with the reason given to the delegation.</summary>
    public void Reject(string reason, DelegationNotes notes, string by, DateTimeOffset now)
    {
        if (Status != DelegateStatus.Pending)
        {
            throw InvalidTransition($"Only a pending delegate can be rejected; this one is {Wire(Status)}.");
        }

        Decide(DelegateStatus.Rejected, reason, (NoteVerbaleId is { } id ? notes.Find(id) : null) ?? notes.Newest, by, now, DelegateAction.Rejected);
    }

    /// <summary>The delegation (or the secretariat) takes the delegate off the list; allowed after the deadline too.</summary>
    public void Withdraw(string by, DateTimeOffset now)
    {
        if (!IsActive)
        {
            throw InvalidTransition($"A {Wire(Status)} delegate cannot be withdrawn.");
        }

        var statusBefore = Status;
        Status = DelegateStatus.Withdrawn;
        UpdatedAt = now;
        Record(DelegateAction.Withdrawn, by, now, statusBefore, NoteVerbaleStatus, null);
    }

    /// <summary>Search is case- and diacritic-insensitive: "muller" finds "Müller".</summary>
    public static string SearchKey(string text) => Matching.TextNormalizer.Canonicalize(text);

    private void Decide(DelegateStatus outcome, string? reason, NoteVerbale? note, string by, DateTimeOffset now, DelegateAction action)
    {
        var statusBefore = Status;
        Status = outcome;
        DecidedBy = by;
        DecidedAt = now;
        DecisionReason = reason;
        DecisionNoteVerbaleId = note?.Id;
        DecisionNoteVerbaleSha256 = note?.Sha256;
        UpdatedAt = now;
        Record(action, by, now, statusBefore, NoteVerbaleStatus, reason);
    }

    private void ClearDecision()
    {
        DecidedBy = null;
        DecidedAt = null;
        DecisionReason = null;
        DecisionNoteVerbaleId = null;
        DecisionNoteVerbaleSha256 = null;
    }

    private void Apply(Event registration, DelegateDetails details, DateTimeOffset now)
    {
        if (!registration.Offers(details.ParticipationMode))
        {
            throw DomainFailure.Invalid("participationMode", $"This event does not offer {Wire(details.ParticipationMode)} participation.");
        }

        var meetings = details.Meetings is { Count: > 0 } chosen ? chosen : [.. registration.Meetings.Select(m => m.Code)];
        var unknown = meetings.FirstOrDefault(code => !registration.HasMeeting(code));
        if (unknown is not null)
        {
            throw DomainFailure.Invalid("meetings", $"'{unknown}' is not a meeting of this event.");
        }

        if (meetings.Distinct(StringComparer.Ordinal).Count() != meetings.Count)
        {
            throw DomainFailure.Invalid("meetings", "meetings must not repeat a meeting code.");
        }

        Title = details.Title.Trim();
        GivenName = details.GivenName.Trim();
        FamilyName = details.FamilyName.Trim();
        JobTitle = string.IsNullOrWhiteSpace(details.JobTitle) ? null : details.JobTitle.Trim();
        Email = details.Email.Trim();
        NormalizedEmail = EmailAddress.Normalize(details.Email);
        SearchText = SearchKey($"{GivenName} {FamilyName} {Email}");
        ParticipationMode = details.ParticipationMode;
        Meetings = [.. meetings];
        Role = details.Role;
        UpdatedAt = now;
    }

    public IReadOnlyList<RaisedChange> TakeChanges() => changes.Take();

    /// <summary>Every change of a delegate leaves a line in its audit trail and raises the change integrators are told of.</summary>
    private void Record(DelegateAction action, string by, DateTimeOffset at, DelegateStatus? statusBefore, NoteVerbaleStatus? noteBefore, string? detail)
    {
        history.Add(new DelegateHistoryEntry(this, ++HistoryLength, action, by, at, statusBefore, noteBefore, detail));
        var type = action switch
        {
            DelegateAction.Registered => ChangeType.DelegateRegistered,
            DelegateAction.Approved => ChangeType.DelegateApproved,
            DelegateAction.Rejected => ChangeType.DelegateRejected,
            DelegateAction.Withdrawn => ChangeType.DelegateWithdrawn,
            DelegateAction.Edited or DelegateAction.NoteVerbaleChecked or DelegateAction.NoteVerbaleConfirmed => ChangeType.DelegateUpdated,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Every action of the audit trail raises a change."),
        };
        changes.Raise(new RaisedChange(type, EventId, Id, at));
    }

    private static DomainFailure MissingNote() =>
        DomainFailure.Conflict(ErrorCodes.NoteVerbaleMissing, "The delegation has not uploaded a note verbale yet.");

    private static DomainFailure InvalidTransition(string detail) => DomainFailure.Conflict(ErrorCodes.InvalidTransition, detail);

    private static string Wire<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
