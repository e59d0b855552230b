using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.Events;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Json;

namespace Registration.Api.Features.Changes;

/// <summary>
/// The one place raised changes become outbox entries: at every save, each tracked entity that raised changes (a
/// delegate's transition, a note's upload, a closing, ...) gets one entry carrying the resource exactly as the API
/// answers with it, serialized with the answers' own JSON settings. Called by <see cref="RegistrationDb"/> before it
/// saves, so the entries go in the same batch and the same transaction as the change.
/// </summary>
internal static class ChangeRecorder
{
    private static readonly JsonSerializerOptions Json = JsonSetup.Create();

    /// <summary>Adds the entries to the unit of work; returns whether there were any.</summary>
    public static async Task<bool> RecordAsync(RegistrationDb db, CancellationToken ct)
    {
        List<(object Entity, RaisedChange Change)> raised = [];
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is IRaisesChanges source && source.TakeChanges() is { Count: > 0 } changes)
            {
                // One save of one resource is one change: the payload is the resource after it, whatever led there.
                raised.Add((entry.Entity, changes.OrderBy(c => c.Type.Precedence()).First()));
            }
        }

        foreach (var (entity, change) in raised)
        {
            var payload = await PayloadAsync(db, entity, change, ct);
            db.Outbox.Add(new OutboxEntry(change, JsonSerializer.Serialize(payload, payload.GetType(), Json)));
        }

        return raised.Count > 0;
    }

    /// <summary>The resource a change reports, as the API's own answer for it shows it.</summary>
    private static async Task<object> PayloadAsync(RegistrationDb db, object entity, RaisedChange change, CancellationToken ct) => entity switch
    {
        DelegateRegistration delegate_ => delegate_.ToResponse(),
        NoteVerbale note => await NoteAsync(db, note, ct),
        Event registration => registration.ToResponse(change.At),

        // Closing sets closedAt with one conditional UPDATE, not through a tracked event: read the row as it now stands.
        RegistrationClosure closure => (await db.Events.AsNoTracking().FirstAsync(e => e.Id == closure.EventId, ct)).ToResponse(change.At),
        _ => throw new InvalidOperationException($"{entity.GetType().Name} raised a change without a payload defined for it."),
    };

    /// <summary>A note with its delegation's current note and its matches, those of this unit of work over those stored.</summary>
    private static async Task<NoteVerbaleResponse> NoteAsync(RegistrationDb db, NoteVerbale note, CancellationToken ct)
    {
        var delegation = db.ChangeTracker.Entries<Delegation>().Select(e => e.Entity).FirstOrDefault(d => d.Id == note.DelegationId)
            ?? await db.Delegations.AsNoTracking().FirstAsync(d => d.Id == note.DelegationId, ct);
        var pending = db.ChangeTracker.Entries<NoteVerbaleMatch>()
            .Where(e => e.Entity.NoteVerbaleId == note.Id && e.State != EntityState.Deleted)
            .ToDictionary(e => e.Entity.DelegateId, e => e.Entity);
        var stored = db.Entry(note).State == EntityState.Added
            ? []
            : await db.NoteVerbaleMatches.AsNoTracking().Where(m => m.NoteVerbaleId == note.Id).ToListAsync(ct);
        return note.ToResponse(delegation.CurrentNoteVerbaleId, [.. pending.Values, .. stored.Where(m => !pending.ContainsKey(m.DelegateId))]);
    }
}
