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
/// Whether the delegation's current note verbale names the delegate. On the wire: <c>missing</c> (no note yet),
/// <c>unmatched</c>, <c>matched</c>, <c>confirmed</c> (by the secretariat, for a scan or an oddly written note).
/// </summary>
public enum NoteVerbaleStatus
{
    Missing,
    Unmatched,
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
/// Owns its status transitions: pending → approved | rejected; pending | approved → withdrawn; an edit of an
/// approved delegate returns it to pending, so the secretariat looks again.
/// </summary>
public sealed class DelegateRegistration
{
    public const int MaxTitleLength = 50;
    public const int MaxNameLength = 100;
    public const int MaxJobTitleLength = 200;
    public const int MaxEmailLength = 254;

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

    /// <summary>The note verbale the status was computed (or confirmed) against.</summary>
    public Guid? NoteVerbaleId { get; private set; }

    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>PostgreSQL xmin: the ETag, and the guard against lost updates.</summary>
    public uint Version { get; private set; }

    /// <summary>Pending and approved delegates count; rejected and withdrawn ones free their e-mail address.</summary>
    public bool IsActive => Status is DelegateStatus.Pending or DelegateStatus.Approved;

    public static DelegateRegistration Register(Event registration, Delegation delegation, DelegateDetails details, string by, DateTimeOffset now)
    {
        registration.EnsureOpen(now);
        var delegate_ = new DelegateRegistration
        {
            Id = Guid.CreateVersion7(now),
            EventId = registration.Id,
            DelegationId = delegation.Id,
            Country = delegation.Country,
            Status = DelegateStatus.Pending,
            NoteVerbaleStatus = NoteVerbaleStatus.Missing,
            CreatedBy = by,
            CreatedAt = now,
        };
        delegate_.Apply(registration, details, now);
        return delegate_;
    }

    /// <summary>Changes the registration's details while registration is open; an approved delegate goes back to pending.</summary>
    public void Edit(Event registration, DelegateDetails details, DateTimeOffset now)
    {
        registration.EnsureOpen(now);
        if (!IsActive)
        {
            throw InvalidTransition($"A {Status.ToString().ToLowerInvariant()} delegate cannot be edited.");
        }

        Apply(registration, details, now);
        if (Status == DelegateStatus.Approved)
        {
            Status = DelegateStatus.Pending;
        }
    }

    /// <summary>The delegation (or the secretariat) takes the delegate off the list; allowed after the deadline too.</summary>
    public void Withdraw(DateTimeOffset now)
    {
        if (!IsActive)
        {
            throw InvalidTransition($"A {Status.ToString().ToLowerInvariant()} delegate cannot be withdrawn.");
        }

        Status = DelegateStatus.Withdrawn;
        UpdatedAt = now;
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    private void Apply(Event registration, DelegateDetails details, DateTimeOffset now)
    {
        if (!registration.Offers(details.ParticipationMode))
        {
            throw DomainFailure.Invalid("participationMode", $"This event does not offer '{details.ParticipationMode}' participation.");
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
        NormalizedEmail = NormalizeEmail(details.Email);
        SearchText = SearchKey($"{GivenName} {FamilyName} {Email}");
        ParticipationMode = details.ParticipationMode;
        Meetings = [.. meetings];
        Role = details.Role;
        UpdatedAt = now;
    }

    /// <summary>Search is case- and diacritic-insensitive: "muller" finds "Müller".</summary>
    public static string SearchKey(string text) => Matching.TextNormalizer.Canonicalize(text);

    private static DomainFailure InvalidTransition(string detail) => DomainFailure.Conflict(ErrorCodes.InvalidTransition, detail);
}
