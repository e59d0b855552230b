namespace Registration.Api.Domain;

/// <summary>
/// One registration for one or more meetings held jointly (EMIC, IRG and WGAR meet together: one event,
/// one note verbale per Government). Owns its schedule rules; registration closes at the deadline.
/// </summary>
public sealed class Event : IRaisesChanges
{
    public const int MaxCodeLength = 40;
    public const int MaxTitleLength = 500;
    public const int MaxVenueLength = 500;

    private readonly List<Meeting> meetings = [];
    private readonly PendingChanges changes = new();

    private Event()
    {
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Venue { get; private set; } = "";
    public string TimeZoneId { get; private set; } = "";
    public DateOnly StartDate { get; private set; }
    public DateOnly EndDate { get; private set; }
    public DateTimeOffset RegistrationDeadline { get; private set; }
    public DateTimeOffset? StatementDeadline { get; private set; }
    public List<ParticipationMode> ParticipationModes { get; private set; } = [];

    /// <summary>The country codes that may register; null means every State (and the EU) that can register.</summary>
    public List<string>? EligibleCountries { get; private set; }
    public IReadOnlyList<Meeting> Meetings => meetings;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Set by the closing job when it has run for the current deadline; cleared when the deadline moves.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Set by the statements' closing job when it has run for the current statement deadline; cleared when that deadline moves.</summary>
    public DateTimeOffset? StatementsClosedAt { get; private set; }

    /// <summary>The Hangfire job that closes registration at the current deadline.</summary>
    public string? ClosingJobId { get; private set; }

    /// <summary>PostgreSQL xmin: a concurrent change to the same event fails instead of being lost.</summary>
    public uint Version { get; private set; }

    public TimeZoneInfo TimeZone => EventTime.Zone(TimeZoneId);

    public static Event Create(NewEvent spec, DateTimeOffset now)
    {
        if (!EventTime.TryFindZone(spec.TimeZoneId, out var zone))
        {
            throw DomainFailure.Invalid("timeZone", $"'{spec.TimeZoneId}' is not an IANA time zone.");
        }

        EnsureSchedule(spec.StartDate, spec.EndDate, spec.RegistrationDeadline, spec.StatementDeadline, zone);
        EnsureMeetings(spec.Meetings);
        EnsureEligibleCountries(spec.EligibleCountries);

        var created = new Event
        {
            Id = Guid.CreateVersion7(now),
            Code = spec.Code,
            Title = spec.Title,
            Venue = spec.Venue,
            TimeZoneId = zone.Id,
            StartDate = spec.StartDate,
            EndDate = spec.EndDate,
            RegistrationDeadline = spec.RegistrationDeadline.ToUniversalTime(),
            StatementDeadline = spec.StatementDeadline?.ToUniversalTime(),
            ParticipationModes = [.. spec.ParticipationModes.Distinct()],
            EligibleCountries = spec.EligibleCountries is { } eligible ? [.. eligible] : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        created.meetings.AddRange(spec.Meetings.Select(m => new Meeting(m.Code, m.Title, m.Reference)));
        return created;
    }

    /// <summary>From the deadline instant on, registration is closed, whether or not the closing job has run.</summary>
    public RegistrationStatus StatusAt(DateTimeOffset now) => now >= RegistrationDeadline ? RegistrationStatus.Closed : RegistrationStatus.Open;

    /// <summary>Refuses new registrations and changes from the deadline on: <c>409 registration-closed</c>.</summary>
    public void EnsureOpen(DateTimeOffset now)
    {
        if (StatusAt(now) == RegistrationStatus.Closed)
        {
            throw DomainFailure.Conflict(
                ErrorCodes.RegistrationClosed,
                $"Registration for {Code} closed at {EventTime.InZone(RegistrationDeadline, TimeZone):yyyy-MM-dd'T'HH:mm:sszzz}; nothing new is accepted.");
        }
    }

    /// <summary>Whether statements are still accepted: until the statement deadline, if the event has one.</summary>
    public bool AcceptsStatementsAt(DateTimeOffset now) => StatementDeadline is not { } deadline || now < deadline;

    /// <summary>Refuses statements from the statement deadline on: <c>409 statement-deadline-passed</c>.</summary>
    public void EnsureStatementsOpen(DateTimeOffset now)
    {
        if (!AcceptsStatementsAt(now))
        {
            throw DomainFailure.Conflict(
                ErrorCodes.StatementDeadlinePassed,
                $"Statements for {Code} were due by {EventTime.InZone(StatementDeadline!.Value, TimeZone):yyyy-MM-dd'T'HH:mm:sszzz}; no statement is accepted after that.");
        }
    }

    public Meeting MeetingOf(string code) => meetings.Find(m => m.Code == code)
        ?? throw DomainFailure.Invalid("meeting", $"'{code}' is not a meeting of {Code}.");

    public bool Offers(ParticipationMode mode) => ParticipationModes.Contains(mode);

    /// <summary>Whether <paramref name="country"/> may register: a State (or the EU) that can register, and one the event admits.</summary>
    public bool IsEligible(string country) =>
        Countries.IsKnown(country) && (EligibleCountries is null || EligibleCountries.Contains(country, StringComparer.Ordinal));

    /// <summary>Refuses a delegation (or a participant) of a country that may not register for this event: <c>400</c> naming <c>country</c>.</summary>
    public void EnsureEligible(string country)
    {
        if (!Countries.IsKnown(country))
        {
            throw DomainFailure.Invalid("country", $"'{country}' is not the ISO 3166-1 alpha-3 code of a State (or the European Union, EUE) that can register.");
        }

        if (!IsEligible(country))
        {
            throw DomainFailure.Invalid("country", $"{Countries.NameOf(country)} ({country}) is not among the countries that may register for {Code}.");
        }
    }

    /// <summary>Admits only these countries from now on; null admits every State (and the EU) again. Existing delegations stay.</summary>
    public void RestrictTo(IReadOnlyCollection<string>? countries, DateTimeOffset now)
    {
        EnsureEligibleCountries(countries);
        EligibleCountries = countries is null ? null : [.. countries];
        UpdatedAt = now;
    }

    /// <summary>The rules of a list of eligible countries (null is "all"): not empty, known codes, none twice.</summary>
    public static IEnumerable<string> EligibleCountriesProblems(IReadOnlyCollection<string>? countries)
    {
        if (countries is null)
        {
            yield break;
        }

        if (countries.Count == 0)
        {
            yield return "eligibleCountries must name at least one country; send null, or leave it out, to admit every State.";
        }

        foreach (var unknown in countries.Where(c => !Countries.IsKnown(c)).Distinct(StringComparer.Ordinal))
        {
            yield return $"'{unknown}' in eligibleCountries is not the upper-case ISO 3166-1 alpha-3 code of a State (or EUE for the European Union).";
        }

        foreach (var repeated in countries.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"eligibleCountries names '{repeated.Key}' more than once.";
        }
    }

    public bool HasMeeting(string code) => meetings.Exists(m => m.Code == code);

    public void ClosingScheduledAs(string jobId) => ClosingJobId = jobId;

    public void Rename(string title, DateTimeOffset now)
    {
        Title = title;
        UpdatedAt = now;
    }

    public void MoveTo(string venue, DateTimeOffset now)
    {
        Venue = venue;
        UpdatedAt = now;
    }

    /// <summary>
    /// Moves the deadlines. A registration deadline moved into the future re-opens a closed registration
    /// (the secretariat's extension, raising <see cref="ChangeType.RegistrationReopened"/>); the closing job is
    /// re-scheduled by the caller. Returns true when the move closes an open registration at once (a deadline moved
    /// into the past): the caller closes it in the same transaction.
    /// </summary>
    public bool Reschedule(DateTimeOffset registrationDeadline, DateTimeOffset? statementDeadline, DateTimeOffset now)
    {
        EnsureSchedule(StartDate, EndDate, registrationDeadline, statementDeadline, TimeZone);

        var before = StatusAt(now);
        if (registrationDeadline != RegistrationDeadline)
        {
            ClosedAt = null;
        }

        if (statementDeadline?.ToUniversalTime() != StatementDeadline)
        {
            StatementsClosedAt = null;
        }

        RegistrationDeadline = registrationDeadline.ToUniversalTime();
        StatementDeadline = statementDeadline?.ToUniversalTime();
        UpdatedAt = now;
        var after = StatusAt(now);
        if (before == RegistrationStatus.Closed && after == RegistrationStatus.Open)
        {
            changes.Raise(new RaisedChange(ChangeType.RegistrationReopened, Id, Id, now));
        }

        return before == RegistrationStatus.Open && after == RegistrationStatus.Closed;
    }

    public IReadOnlyList<RaisedChange> TakeChanges() => changes.Take();

    /// <summary>The schedule rules, each broken one with the field it is about; validators report them all at once.</summary>
    public static IEnumerable<(string Field, string Message)> ScheduleProblems(
        DateOnly startDate, DateOnly endDate, DateTimeOffset registrationDeadline, DateTimeOffset? statementDeadline, TimeZoneInfo zone)
    {
        if (endDate < startDate)
        {
            yield return ("endDate", "endDate must not be before startDate.");
        }

        if (registrationDeadline >= EventTime.StartOfDay(startDate, zone))
        {
            yield return ("registrationDeadline",
                $"registrationDeadline must fall before the start date {startDate:yyyy-MM-dd} in the event's time zone ({zone.Id}).");
        }

        if (statementDeadline is { } statements && statements >= EventTime.StartOfDay(endDate.AddDays(1), zone))
        {
            yield return ("statementDeadline", "statementDeadline must fall before the end of the event.");
        }
    }

    private static void EnsureSchedule(
        DateOnly startDate, DateOnly endDate, DateTimeOffset registrationDeadline, DateTimeOffset? statementDeadline, TimeZoneInfo zone)
    {
        foreach (var (field, message) in ScheduleProblems(startDate, endDate, registrationDeadline, statementDeadline, zone))
        {
            throw DomainFailure.Invalid(field, message);
        }
    }

    private static void EnsureEligibleCountries(IReadOnlyCollection<string>? countries)
    {
        foreach (var message in EligibleCountriesProblems(countries))
        {
            throw DomainFailure.Invalid("eligibleCountries", message);
        }
    }

    private static void EnsureMeetings(IReadOnlyCollection<NewMeeting> meetings)
    {
        if (meetings.Count == 0)
        {
            throw DomainFailure.Invalid("meetings", "An event holds at least one meeting.");
        }

        var duplicate = meetings.GroupBy(m => m.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw DomainFailure.Invalid("meetings", $"Meeting code '{duplicate.Key}' appears more than once.");
        }
    }
}

/// <summary>One of the meetings an event's registration covers (EMIC-12, IRG-14R, ...).</summary>
public sealed class Meeting
{
    public const int MaxTitleLength = 500;
    public const int MaxReferenceLength = 100;

    private Meeting()
    {
    }

    public Meeting(string code, string title, string? reference)
    {
        Code = code;
        Title = title;
        Reference = reference;
    }

    public Guid EventId { get; private set; }
    public string Code { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Reference { get; private set; }
}

public sealed record NewMeeting(string Code, string Title, string? Reference);

public sealed record NewEvent(
    string Code,
    string Title,
    string Venue,
    string TimeZoneId,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset RegistrationDeadline,
    DateTimeOffset? StatementDeadline,
    IReadOnlyCollection<ParticipationMode> ParticipationModes,
    IReadOnlyCollection<NewMeeting> Meetings,
    IReadOnlyCollection<string>? EligibleCountries = null);
