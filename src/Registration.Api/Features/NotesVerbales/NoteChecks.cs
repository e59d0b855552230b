using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;

namespace Registration.Api.Features.NotesVerbales;

/// <summary>Reading a delegation's current note and keeping each note's match record, for every feature that checks a delegate.</summary>
internal static class NoteChecks
{
    public static async Task<CurrentNote?> CurrentNoteAsync(this RegistrationDb db, Guid delegationId, CancellationToken ct)
    {
        var note = await db.Delegations.AsNoTracking()
            .Where(d => d.Id == delegationId && d.CurrentNoteVerbaleId != null)
            .Join(db.NotesVerbales.AsNoTracking(), d => d.CurrentNoteVerbaleId, n => n.Id, (_, n) => n)
            .FirstOrDefaultAsync(ct);
        return note is null ? null : new CurrentNote(note);
    }

    /// <summary>Checks the delegate against the current note (domain rule) and records the result for that note.</summary>
    public static async Task CheckAndRecordAsync(this RegistrationDb db, DelegateRegistration delegate_, CurrentNote? current, string by, DateTimeOffset now, CancellationToken ct)
    {
        var matched = delegate_.CheckAgainst(current, by, now);
        if (current is null || matched is not { } result)
        {
            return;
        }

        // A delegate being registered has no match row yet: no need to look for one.
        var existing = db.Entry(delegate_).State == EntityState.Added
            ? null
            : await db.NoteVerbaleMatches.FindAsync([current.Note.Id, delegate_.Id], ct);
        if (existing is null)
        {
            db.NoteVerbaleMatches.Add(new NoteVerbaleMatch(current.Note.Id, delegate_.Id, result, now));
        }
        else
        {
            existing.Update(result, now);
        }
    }
}
