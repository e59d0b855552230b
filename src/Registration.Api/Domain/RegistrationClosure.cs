namespace Registration.Api.Domain;

/// <summary>
/// The record the closing job leaves when registration closes at a deadline: when, and the state of the registration
/// at that moment. One per event and deadline (unique), so however many servers run the job, one closure is stored.
/// </summary>
public sealed class RegistrationClosure
{
    private RegistrationClosure()
    {
    }

    public RegistrationClosure(Guid eventId, DateTimeOffset deadline, DateTimeOffset closedAt, string summaryJson)
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
    public string SummaryJson { get; private set; } = "{}";
}
