namespace Registration.Api.Domain.Calls;

/// <summary>A topic a call asks States to write on, with a code contributions name it by.</summary>
public sealed class CallTopic
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
}

/// <summary>A structured field every contribution may fill, per the call (the seed's: successes and good practices, challenges, ...).</summary>
public sealed class CallField
{
    public string Key { get; set; } = "";
    public string Title { get; set; } = "";
}

/// <summary>Whether a State agrees to its contribution being published. On the wire: <c>publish</c> (the default), <c>withhold</c>.</summary>
public enum Publication
{
    Publish,
    Withhold,
}

/// <summary>Whether a call accepts contributions. On the wire: <c>open</c>, <c>closed</c>.</summary>
public enum CallStatus
{
    Open,
    Closed,
}

/// <summary>
/// A call for written contributions (a note to every Permanent Mission such as <c>CU 2024/132(A)/DTA/CEB/TSS</c>): the
/// body it serves, topics, the structured fields asked for, guidance, a deadline and the States that may contribute.
/// From the deadline on nothing new is accepted, whether or not the closing job has run.
/// </summary>
public sealed class Call
{
    public const int MaxReferenceLength = 100;
    public const int MaxTitleLength = 300;
    public const int MaxGuidanceLength = 20_000;
    public const int MaxTopics = 20;
    public const int MaxFields = 20;
    public const int MaxCodeLength = 64;

    /// <summary>The seed's structured fields: what the Working Group asks each State to share.</summary>
    public static readonly IReadOnlyList<CallField> SeedFields =
    [
        new() { Key = "successes-and-good-practices", Title = "Successes and good practices" },
        new() { Key = "challenges", Title = "Challenges" },
        new() { Key = "technical-assistance-needs", Title = "Technical assistance needs" },
        new() { Key = "lessons-learned", Title = "Lessons learned" },
    ];

    private Call()
    {
    }

    public Call(string reference, string title, string body, string? guidance, string timeZoneId, DateTimeOffset deadline,
        IReadOnlyList<CallTopic> topics, IReadOnlyList<CallField> fields, IReadOnlyList<string>? eligibleCountries, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Reference = reference;
        Title = title;
        Body = body;
        Guidance = guidance;
        TimeZoneId = timeZoneId;
        Deadline = deadline.ToUniversalTime();
        Topics = [.. topics];
        Fields = [.. fields];
        EligibleCountries = eligibleCountries is null ? null : [.. eligibleCountries];
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public string Reference { get; private set; } = "";
    public string Title { get; private set; } = "";

    /// <summary>The body the call serves, for example the Working Group on the Prevention of Corruption.</summary>
    public string Body { get; private set; } = "";

    public string? Guidance { get; private set; }
    public string TimeZoneId { get; private set; } = "";
    public DateTimeOffset Deadline { get; private set; }
    public List<CallTopic> Topics { get; private set; } = [];
    public List<CallField> Fields { get; private set; } = [];

    /// <summary>The States that may contribute; null: every State that can sign the Convention.</summary>
    public List<string>? EligibleCountries { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the closing job closed the call (null while open, or re-opened by a later deadline).</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosingJobId { get; private set; }
    public uint Version { get; private set; }

    public CallStatus StatusAt(DateTimeOffset now) => now >= Deadline ? CallStatus.Closed : CallStatus.Open;

    public bool Admits(string country) => EligibleCountries is null || EligibleCountries.Contains(country, StringComparer.Ordinal);

    /// <summary>Refuses a new or changed contribution from the deadline on: <c>409 call-closed</c>. Read "now" after the call's share lock.</summary>
    public void EnsureOpen(DateTimeOffset now)
    {
        if (StatusAt(now) == CallStatus.Closed)
        {
            throw DomainFailure.Conflict(ErrorCodes.CallClosed,
                $"The call {Reference} closed at its deadline ({Deadline:yyyy-MM-dd HH:mm:ss} UTC): contributions can no longer be submitted or changed. A State may still change whether its contribution is published.");
        }
    }

    /// <summary>Refuses a State the call does not admit: <c>403 country-not-eligible</c>.</summary>
    public void EnsureAdmits(string country)
    {
        if (!Admits(country))
        {
            throw new DomainFailure(FailureKind.Forbidden, ErrorCodes.CountryNotEligible, $"{country} is not among the States this call invites to contribute.");
        }
    }

    /// <summary>Moves the deadline (or the guidance); a later deadline re-opens a closed call, whose closing job is then scheduled anew.</summary>
    public void Change(string? guidance, DateTimeOffset? deadline, DateTimeOffset now)
    {
        Guidance = guidance ?? Guidance;
        if (deadline is { } moved && moved.ToUniversalTime() != Deadline)
        {
            Deadline = moved.ToUniversalTime();
            if (now < Deadline)
            {
                ClosedAt = null;
            }
        }

        UpdatedAt = now;
    }

    public void ClosingScheduledAs(string jobId) => ClosingJobId = jobId;
}
