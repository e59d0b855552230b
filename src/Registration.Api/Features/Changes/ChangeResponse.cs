using System.Text.Json;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.Events;
using Registration.Api.Features.NotesVerbales;

namespace Registration.Api.Features.Changes;

/// <summary>
/// One change, as the change feed lists it and as each webhook delivery's body carries it: what happened, when, and the
/// resource after it (a delegate, a note verbale or the event), exactly as the API's own answers show that resource.
/// </summary>
/// <param name="Id">The change's id; webhooks send it as <c>webhook-id</c>, the same on every retry, so a receiver recognises a repeat.</param>
/// <param name="Type">What happened: <c>delegate.*</c> carries a delegate, <c>note-verbale.*</c> a note verbale, <c>registration.*</c> the event.</param>
/// <param name="EventId">The event it happened in.</param>
/// <param name="Timestamp">When it happened (UTC).</param>
/// <param name="Data">The resource after the change.</param>
public sealed record ChangeResponse(Guid Id, ChangeType Type, Guid EventId, DateTimeOffset Timestamp, JsonElement Data)
{
    /// <summary>Which resource each type of change carries as <c>data</c>, and the name of its documented schema.</summary>
    public static IReadOnlyList<(string Schema, Type Resource, ChangeType[] Types)> Kinds { get; } =
    [
        ("DelegateChange", typeof(DelegateResponse),
            [ChangeType.DelegateRegistered, ChangeType.DelegateUpdated, ChangeType.DelegateApproved, ChangeType.DelegateRejected, ChangeType.DelegateWithdrawn]),
        ("NoteVerbaleChange", typeof(NoteVerbaleResponse), [ChangeType.NoteVerbaleUploaded, ChangeType.NoteVerbaleSuperseded, ChangeType.NoteVerbaleUpdated]),
        ("RegistrationChange", typeof(EventResponse), [ChangeType.RegistrationClosed, ChangeType.RegistrationReopened]),
    ];

    public static ChangeResponse From(OutboxEntry entry)
    {
        using var payload = JsonDocument.Parse(entry.Payload);
        return new ChangeResponse(entry.Id, entry.Type, entry.EventId, entry.OccurredAt.ToUniversalTime(), payload.RootElement.Clone());
    }
}

/// <summary>A page of an event's changes, in commit order.</summary>
/// <param name="Items">The changes after <c>after</c>, oldest first.</param>
/// <param name="NextCursor">Send it as <c>after</c> to continue from here, now or later (null only when there is nothing yet and no <c>after</c> was given).</param>
/// <param name="HasMore">More changes are waiting now; false when this page reached the end of the feed.</param>
public sealed record ChangePage(IReadOnlyList<ChangeResponse> Items, string? NextCursor, bool HasMore);
