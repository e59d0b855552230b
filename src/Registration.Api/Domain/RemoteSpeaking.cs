namespace Registration.Api.Domain;

/// <summary>Half a day of a meeting. On the wire: <c>morning</c>, <c>afternoon</c>.</summary>
public enum SittingPeriod
{
    Morning,
    Afternoon,
}

/// <summary>On the wire: <c>booked</c>, <c>cancelled</c>.</summary>
public enum RemoteSlotState
{
    Booked,
    Cancelled,
}

/// <summary>
/// One sitting of a meeting (a date, morning or afternoon; three hours by default) with its budget for statements
/// delivered remotely by online participants: the invitation allots 30 minutes of each three-hour meeting. Pre-recorded
/// videos are not counted. The budget is enforced in PostgreSQL: a booking locks the sitting's row and adds up what is
/// booked, so concurrent bookings never exceed it.
/// </summary>
public sealed class Sitting
{
    public const int DefaultDurationMinutes = 180;
    public const int DefaultRemoteBudgetMinutes = 30;
    public const int MaxDurationMinutes = 12 * 60;

    private Sitting()
    {
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public string MeetingCode { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public SittingPeriod Period { get; private set; }
    public int DurationMinutes { get; private set; }
    public int RemoteBudgetMinutes { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Sitting Plan(Event registration, string meetingCode, DateOnly date, SittingPeriod period, int? durationMinutes, int? remoteBudgetMinutes, string by, DateTimeOffset now)
    {
        registration.MeetingOf(meetingCode);
        if (date < registration.StartDate || date > registration.EndDate)
        {
            throw DomainFailure.Invalid("date", $"{date:yyyy-MM-dd} is not a day of {registration.Code} ({registration.StartDate:yyyy-MM-dd} to {registration.EndDate:yyyy-MM-dd}).");
        }

        var duration = durationMinutes ?? DefaultDurationMinutes;
        var budget = remoteBudgetMinutes ?? DefaultRemoteBudgetMinutes;
        if (budget > duration)
        {
            throw DomainFailure.Invalid("remoteBudgetMinutes", $"The remote budget ({budget} min) cannot exceed the sitting's length ({duration} min).");
        }

        return new Sitting
        {
            Id = Guid.CreateVersion7(now),
            EventId = registration.Id,
            MeetingCode = meetingCode,
            Date = date,
            Period = period,
            DurationMinutes = duration,
            RemoteBudgetMinutes = budget,
            CreatedBy = by,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// A slot for <paramref name="speaker"/>, refused when the speaker may not speak remotely or when
    /// <paramref name="minutes"/> more would exceed the budget (<paramref name="bookedMinutes"/> is what is booked, read under
    /// the sitting's row lock).
    /// </summary>
    public RemoteSlot Book(DelegateRegistration speaker, AgendaItem item, int minutes, int bookedMinutes, string by, DateTimeOffset now)
    {
        if (speaker.Status != DelegateStatus.Approved)
        {
            throw DomainFailure.Conflict(ErrorCodes.DelegateNotApproved, "Only an approved delegate can be given a remote slot; this one is " + speaker.Status.ToString().ToLowerInvariant() + ".");
        }

        if (speaker.ParticipationMode != ParticipationMode.Online)
        {
            throw DomainFailure.Conflict(ErrorCodes.DelegateNotOnline, "Only a delegate taking part online speaks remotely; this one takes part in person.");
        }

        if (!speaker.Meetings.Contains(MeetingCode, StringComparer.Ordinal))
        {
            throw DomainFailure.Invalid("delegateId", $"The delegate is not registered for {MeetingCode}.");
        }

        if (!item.IsTakenBy(MeetingCode))
        {
            throw DomainFailure.Invalid("agendaItemId", $"Agenda item {item.Number} is not on the agenda of {MeetingCode}.");
        }

        if (bookedMinutes + minutes > RemoteBudgetMinutes)
        {
            throw DomainFailure.Conflict(ErrorCodes.RemoteTimeExhausted,
                $"This sitting allots {RemoteBudgetMinutes} minutes to remote statements and {bookedMinutes} are booked: "
                + $"{RemoteBudgetMinutes - bookedMinutes} remain, fewer than the {minutes} asked. Pre-recorded videos are not counted.");
        }

        return new RemoteSlot(this, speaker, item, minutes, by, now);
    }
}

/// <summary>A remote statement booked in a sitting: an approved online delegate, an agenda item and the expected minutes.</summary>
public sealed class RemoteSlot
{
    private RemoteSlot()
    {
    }

    internal RemoteSlot(Sitting sitting, DelegateRegistration speaker, AgendaItem item, int minutes, string by, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        EventId = sitting.EventId;
        SittingId = sitting.Id;
        DelegationId = speaker.DelegationId;
        Country = speaker.Country;
        DelegateId = speaker.Id;
        AgendaItemId = item.Id;
        Minutes = minutes;
        State = RemoteSlotState.Booked;
        BookedBy = by;
        BookedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public Guid SittingId { get; private set; }
    public Guid DelegationId { get; private set; }
    public string Country { get; private set; } = "";
    public Guid DelegateId { get; private set; }
    public Guid AgendaItemId { get; private set; }
    public int Minutes { get; private set; }
    public RemoteSlotState State { get; private set; }
    public string BookedBy { get; private set; } = "";
    public DateTimeOffset BookedAt { get; private set; }
    public string? CancelledBy { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>Gives the minutes back to the sitting's budget.</summary>
    public void Cancel(string by, DateTimeOffset now)
    {
        if (State == RemoteSlotState.Cancelled)
        {
            throw DomainFailure.Conflict(ErrorCodes.InvalidTransition, "The slot is cancelled already.");
        }

        State = RemoteSlotState.Cancelled;
        (CancelledBy, CancelledAt) = (by, now);
    }
}
