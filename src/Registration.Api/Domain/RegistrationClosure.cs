namespace Registration.Api.Domain;

/// <summary>
/// The record the closing job leaves when registration closes at a deadline: when, and the state of the registration
/// at that moment. One per event and deadline (unique), so however many servers run the job, one closure is stored.
/// Closing raises <see cref="ChangeType.RegistrationClosed"/>, whether the job closed at the deadline or the secretariat
/// moved the deadline into the past.
/// </summary>
public sealed class RegistrationClosure : IRaisesChanges
{
    private readonly PendingChanges changes = new();

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
        changes.Raise(new RaisedChange(ChangeType.RegistrationClosed, eventId, eventId, closedAt));
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public DateTimeOffset ClosedAt { get; private set; }
    public string SummaryJson { get; private set; } = "{}";

    public IReadOnlyList<RaisedChange> TakeChanges() => changes.Take();
}
