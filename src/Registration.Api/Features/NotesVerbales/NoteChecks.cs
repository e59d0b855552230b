using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Matching;

namespace Registration.Api.Features.NotesVerbales;

/// <summary>Reading a delegation's notes that count and keeping each note's match records, for every feature that checks a delegate.</summary>
internal static class NoteChecks
{
    /// <summary>The delegation's notes verbales that are not superseded (read under the delegation's write lock by writers).</summary>
    public static async Task<DelegationNotes> NotesThatCountAsync(this RegistrationDb db, Guid delegationId, CancellationToken ct) =>
        new(await db.NotesVerbales.AsNoTracking().Where(n => n.DelegationId == delegationId && n.SupersededAt == null).ToListAsync(ct));

    /// <summary>
    /// The notes that count for a delegation read under its write lock: none, without asking the database, when it has
    /// no current note (the current note is the newest that counts, so there is one whenever any counts).
    /// </summary>
    public static async Task<DelegationNotes> NotesThatCountAsync(this RegistrationDb db, Delegation delegation, CancellationToken ct) =>
        delegation.CurrentNoteVerbaleId is null ? DelegationNotes.None : await db.NotesThatCountAsync(delegation.Id, ct);

    /// <summary>The delegation's pending and approved delegates, tracked: the ones its notes are checked for.</summary>
    public static Task<List<DelegateRegistration>> ActiveDelegatesAsync(this RegistrationDb db, Guid delegationId, CancellationToken ct) =>
        db.Delegates.Where(d => d.DelegationId == delegationId && (d.Status == DelegateStatus.Pending || d.Status == DelegateStatus.Approved)).ToListAsync(ct);

    /// <summary>
    /// Checks the delegate against the notes (domain rule) and records, for each note, whether it names them. A new name
    /// or address (<paramref name="keepConfirmation"/> false) needs a new confirmation by hand.
    /// </summary>
    public static async Task CheckAndRecordAsync(
        this RegistrationDb db, DelegateRegistration delegate_, DelegationNotes notes, bool keepConfirmation, string by, DateTimeOffset now, CancellationToken ct)
    {
        var evidence = delegate_.CheckAgainst(notes, keepConfirmation, by, now);
        if (evidence.PerNote.Count == 0)
        {
            return;
        }

        // A delegate being registered has no match rows yet: no need to look for them.
        var noteIds = evidence.PerNote.Select(p => p.Note.Id).ToList();
        var existing = db.Entry(delegate_).State == EntityState.Added
            ? []
            : await db.NoteVerbaleMatches.Where(m => m.DelegateId == delegate_.Id && noteIds.Contains(m.NoteVerbaleId)).ToDictionaryAsync(m => m.NoteVerbaleId, ct);
        foreach (var (note, match) in evidence.PerNote)
        {
            if (existing.TryGetValue(note.Id, out var row))
            {
                row.Update(match.Match, now);
            }
            else
            {
                db.NoteVerbaleMatches.Add(new NoteVerbaleMatch(note.Id, delegate_.Id, match.Match, now));
            }
        }
    }

    /// <summary>
    /// Files a new note for the delegation, under its write lock: it becomes the current note, and every active delegate
    /// is checked against all notes that count (confirmations by hand are kept). Returns the note and whom it names.
    /// </summary>
    public static async Task<(NoteVerbale Note, List<NoteVerbaleMatch> Matches)> FileNoteAsync(
        this RegistrationDb db, Event registration, Delegation delegation, ReceivedPdf pdf, bool readScans, string by, DateTimeOffset now, CancellationToken ct)
    {
        var note = NoteVerbale.Receive(
            registration, delegation, pdf.FileName, pdf.Bytes.LongLength, pdf.Sha256, pdf.Text.HasTextLayer, pdf.Text.Text, pdf.Text.PageCount,
            pdf.Text.PagesWithText, readScans, by, now);
        db.NotesVerbales.Add(note);
        db.NoteVerbaleContents.Add(new NoteVerbaleContent(note.Id, pdf.Bytes));
        delegation.MakeCurrent(note);

        var notes = new DelegationNotes([.. (await db.NotesThatCountAsync(delegation.Id, ct)).All, note]);
        var delegates = await db.ActiveDelegatesAsync(delegation.Id, ct);
        var matches = new List<NoteVerbaleMatch>(delegates.Count);
        foreach (var delegate_ in delegates)
        {
            // The other notes' records stand: neither they nor the delegate changed.
            var evidence = delegate_.CheckAgainst(notes, keepConfirmation: true, by, now);
            matches.Add(new NoteVerbaleMatch(note.Id, delegate_.Id, evidence.PerNote.Single(p => p.Note.Id == note.Id).Match.Match, now));
        }

        db.NoteVerbaleMatches.AddRange(matches);
        return (note, matches);
    }

    /// <summary>
    /// After OCR read a note (tracked, its new text set), under the delegation's write lock: every active delegate is
    /// checked again against the notes that count, this one with its new text (confirmations by hand are kept), and
    /// this note's match records are brought up to date.
    /// </summary>
    public static async Task RecheckAfterReadingAsync(this RegistrationDb db, NoteVerbale note, string by, DateTimeOffset now, CancellationToken ct)
    {
        var notes = new DelegationNotes((await db.NotesThatCountAsync(note.DelegationId, ct)).All.Select(n => n.Id == note.Id ? note : n));
        var delegates = await db.ActiveDelegatesAsync(note.DelegationId, ct);
        var rows = await db.NoteVerbaleMatches.Where(m => m.NoteVerbaleId == note.Id).ToDictionaryAsync(m => m.DelegateId, ct);
        foreach (var delegate_ in delegates)
        {
            var match = delegate_.CheckAgainst(notes, keepConfirmation: true, by, now).PerNote.Single(p => p.Note.Id == note.Id).Match.Match;
            if (rows.TryGetValue(delegate_.Id, out var row))
            {
                row.Update(match, now);
            }
            else
            {
                db.NoteVerbaleMatches.Add(new NoteVerbaleMatch(note.Id, delegate_.Id, match, now));
            }
        }
    }

    /// <summary>Queues the OCR of a note filed with pages without text, once its upload has committed (the job reads the committed note).</summary>
    public static Task ReadScanAfterCommitAsync(this RegistrationDb db, NoteVerbale note, Jobs.IScannedNoteReading reading, CancellationToken ct) =>
        note.TextSource == TextSource.OcrPending
            ? db.AfterCommitAsync(_ =>
            {
                reading.Enqueue(note.Id);
                return Task.CompletedTask;
            }, ct)
            : Task.CompletedTask;
}
