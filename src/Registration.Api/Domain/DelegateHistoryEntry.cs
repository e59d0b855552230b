namespace Registration.Api.Domain;

/// <summary>What happened to a delegate. On the wire: <c>registered</c>, <c>edited</c>, <c>note-verbale-checked</c>, ...</summary>
public enum DelegateAction
{
    Registered,
    Edited,
    Withdrawn,
    NoteVerbaleChecked,
    NoteVerbaleConfirmed,
    Approved,
    Rejected,
}

/// <summary>One line of a delegate's audit trail: who did what, when, and the statuses before and after.</summary>
public sealed class DelegateHistoryEntry
{
    private DelegateHistoryEntry()
    {
    }

    internal DelegateHistoryEntry(
        DelegateRegistration delegate_, int sequence, DelegateAction action, string by, DateTimeOffset at,
        DelegateStatus? statusBefore, NoteVerbaleStatus? noteVerbaleStatusBefore, string? detail)
    {
        Id = Guid.CreateVersion7(at);
        DelegateId = delegate_.Id;
        Sequence = sequence;
        EventId = delegate_.EventId;
        Action = action;
        By = by;
        At = at;
        StatusBefore = statusBefore;
        StatusAfter = delegate_.Status;
        NoteVerbaleStatusBefore = noteVerbaleStatusBefore;
        NoteVerbaleStatusAfter = delegate_.NoteVerbaleStatus;
        NoteVerbaleId = delegate_.NoteVerbaleId;
        Detail = detail;
    }

    public Guid Id { get; private set; }
    public Guid DelegateId { get; private set; }

    /// <summary>1, 2, 3, ... per delegate: the trail's true order, even for changes within one millisecond.</summary>
    public int Sequence { get; private set; }

    public Guid EventId { get; private set; }
    public DelegateAction Action { get; private set; }
    public string By { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public DelegateStatus? StatusBefore { get; private set; }
    public DelegateStatus StatusAfter { get; private set; }
    public NoteVerbaleStatus? NoteVerbaleStatusBefore { get; private set; }
    public NoteVerbaleStatus NoteVerbaleStatusAfter { get; private set; }
    public Guid? NoteVerbaleId { get; private set; }
    public string? Detail { get; private set; }
}
