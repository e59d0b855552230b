namespace Registration.Api.Domain;

/// <summary>
/// A change as the outbox keeps it, written in the transaction that made the change (so a change that rolls back leaves
/// none, and one that commits cannot lose it): its type, event, subject, time and the resource as the API shows it.
/// <see cref="Position"/> is given as the transaction commits, in commit order per event (the change feed's order; see
/// <c>Data/OutboxConfiguration.cs</c>). Each committed entry is handed once to the outlets (webhooks, ...):
/// <see cref="DispatchedAt"/>.
/// </summary>
public sealed class OutboxEntry
{
    private OutboxEntry()
    {
    }

    public OutboxEntry(RaisedChange change, string payload)
    {
        Id = Guid.CreateVersion7(change.At);
        Type = change.Type;
        EventId = change.EventId;
        SubjectId = change.SubjectId;
        OccurredAt = change.At;
        Payload = payload;
    }

    /// <summary>The change's id; webhooks send it as <c>webhook-id</c>, the same on every retry.</summary>
    public Guid Id { get; private set; }

    public ChangeType Type { get; private set; }
    public Guid EventId { get; private set; }

    /// <summary>The delegate, note verbale or event the change is about.</summary>
    public Guid SubjectId { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The resource after the change, serialized exactly as the API's answers are (JSON).</summary>
    public string Payload { get; private set; } = "";

    /// <summary>The change feed's order: given when the transaction commits, increasing in commit order within an event; null before.</summary>
    public long? Position { get; private set; }

    /// <summary>When the outlets took the change (webhook deliveries scheduled, ...); null until then.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    public void Dispatched(DateTimeOffset at) => DispatchedAt = at;
}
