using System.Reflection;
using System.Text.Json.Serialization;

namespace Registration.Api.Domain;

/// <summary>
/// What happened, as integrators are told (the change feed, webhooks) and people are written to (e-mail). On the wire
/// <c>resource.verb</c>: <c>delegate.registered</c>, <c>note-verbale.uploaded</c>, <c>registration.closed</c>, ...
/// </summary>
public enum ChangeType
{
    /// <summary>A delegate was registered, by a delegation, the secretariat or the participant themselves.</summary>
    [JsonStringEnumMemberName("delegate.registered")]
    DelegateRegistered,

    /// <summary>A delegate's details or note verbale check changed (an edit, a new or retired note, a confirmation by hand).</summary>
    [JsonStringEnumMemberName("delegate.updated")]
    DelegateUpdated,

    [JsonStringEnumMemberName("delegate.approved")]
    DelegateApproved,

    [JsonStringEnumMemberName("delegate.rejected")]
    DelegateRejected,

    [JsonStringEnumMemberName("delegate.withdrawn")]
    DelegateWithdrawn,

    [JsonStringEnumMemberName("note-verbale.uploaded")]
    NoteVerbaleUploaded,

    [JsonStringEnumMemberName("note-verbale.superseded")]
    NoteVerbaleSuperseded,

    /// <summary>OCR read a scanned note's pages (or gave up): its text source, text and matches changed.</summary>
    [JsonStringEnumMemberName("note-verbale.updated")]
    NoteVerbaleUpdated,

    [JsonStringEnumMemberName("registration.closed")]
    RegistrationClosed,

    [JsonStringEnumMemberName("registration.reopened")]
    RegistrationReopened,
}

/// <summary>A change an entity's transition raised; the outbox records it in the transaction that saves the entity.</summary>
/// <param name="Type">What happened.</param>
/// <param name="EventId">The event it happened in.</param>
/// <param name="SubjectId">The resource it happened to: the delegate, the note verbale, or the event itself.</param>
/// <param name="At">When, by the application's clock.</param>
public sealed record RaisedChange(ChangeType Type, Guid EventId, Guid SubjectId, DateTimeOffset At);

/// <summary>An entity whose transitions raise changes. Each is recorded once, with the save that stores the transition.</summary>
public interface IRaisesChanges
{
    /// <summary>The changes raised since the last call; the call clears them.</summary>
    IReadOnlyList<RaisedChange> TakeChanges();
}

/// <summary>The changes an entity raised and the outbox has not taken yet (a field, never stored with the entity).</summary>
public sealed class PendingChanges
{
    private readonly List<RaisedChange> raised = [];

    public void Raise(RaisedChange change) => raised.Add(change);

    public IReadOnlyList<RaisedChange> Take()
    {
        RaisedChange[] taken = [.. raised];
        raised.Clear();
        return taken;
    }
}

public static class ChangeTypes
{
    private static readonly Dictionary<ChangeType, string> Wire = Enum.GetValues<ChangeType>().ToDictionary(
        type => type,
        type => typeof(ChangeType).GetField(type.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    private static readonly Dictionary<string, ChangeType> ByWire = Wire.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<ChangeType> All { get; } = Enum.GetValues<ChangeType>();

    /// <summary>The wire name, for example <c>delegate.registered</c>.</summary>
    public static string WireName(this ChangeType type) => Wire[type];

    public static ChangeType FromWire(string name) =>
        ByWire.TryGetValue(name, out var type) ? type : throw new ArgumentException($"'{name}' is not a change type.", nameof(name));

    /// <summary>
    /// Which change names a save of one resource that raised several (registered and checked against the notes,
    /// edited and checked again): its coming into being, then what decided it, then any other update. Every change
    /// carries the resource as it stands after the save, so one entry tells all of it.
    /// </summary>
    public static int Precedence(this ChangeType type) => type switch
    {
        ChangeType.DelegateRegistered or ChangeType.NoteVerbaleUploaded => 0,
        ChangeType.DelegateUpdated or ChangeType.NoteVerbaleUpdated => 2,
        _ => 1,
    };
}
