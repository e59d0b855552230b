using Registration.Api.Domain;

namespace Registration.Api.Features.NotesVerbales;

/// <summary>An uploaded note verbale and what it was found to name.</summary>
/// <param name="Id">The note's id.</param>
/// <param name="DelegationId">The delegation that uploaded it.</param>
/// <param name="FileName">The uploaded file's name (sanitised).</param>
/// <param name="SizeBytes">Size of the PDF in bytes.</param>
/// <param name="Sha256">Lower-case hexadecimal SHA-256 of the PDF.</param>
/// <param name="UploadedAt">When it was uploaded (UTC).</param>
/// <param name="UploadedBy">Who uploaded it (the token's <c>sub</c>).</param>
/// <param name="TextExtracted">False for a note without a text layer (a scan): its delegates stay unmatched until the secretariat confirms.</param>
/// <param name="PageCount">Pages in the PDF.</param>
/// <param name="IsCurrent">True for the delegation's newest note that is not superseded (its <c>currentNoteVerbaleId</c>).</param>
/// <param name="Superseded">Set once the secretariat retired the note: from then on it names nobody.</param>
/// <param name="Matches">For each delegate checked against this note while it counted: whether it names them.</param>
public sealed record NoteVerbaleResponse(
    Guid Id,
    Guid DelegationId,
    string FileName,
    long SizeBytes,
    string Sha256,
    DateTimeOffset UploadedAt,
    string UploadedBy,
    bool TextExtracted,
    int PageCount,
    bool IsCurrent,
    SupersessionResponse? Superseded,
    IReadOnlyList<NoteVerbaleMatchResponse> Matches);

/// <summary>The secretariat's retirement of a note.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="By">Who (the token's <c>sub</c>).</param>
/// <param name="Reason">Why, for example "Replaced by the corrected note of 16 August 2023".</param>
public sealed record SupersessionResponse(DateTimeOffset At, string By, string Reason);

/// <summary>Whether a note names a delegate.</summary>
/// <param name="DelegateId">The delegate.</param>
/// <param name="Status"><c>matched</c> (by whole name or e-mail address) or <c>unmatched</c>.</param>
/// <param name="Partial">True when the note names the delegate only as part of a longer, hyphenated name (<c>Smith-Jones</c> for a registered <c>Smith</c>); the status is then <c>unmatched</c> and the delegate's <c>noteVerbale.status</c> is <c>partial</c> until the secretariat confirms by hand.</param>
public sealed record NoteVerbaleMatchResponse(Guid DelegateId, MatchStatus Status, bool Partial);

/// <summary>On the wire: <c>matched</c>, <c>unmatched</c>.</summary>
public enum MatchStatus
{
    Matched,
    Unmatched,
}

internal static class NoteVerbaleMapping
{
    public static NoteVerbaleResponse ToResponse(this NoteVerbale note, Guid? currentId, IEnumerable<NoteVerbaleMatch> matches) => new(
        note.Id,
        note.DelegationId,
        ReceivedPdf.SafeFileName(note.FileName), // unchanged for names cleaned at upload; cleans those stored before
        note.SizeBytes,
        note.Sha256.Trim(),
        note.UploadedAt.ToUniversalTime(),
        note.UploadedBy,
        note.TextExtracted,
        note.PageCount,
        note.Id == currentId,
        note is { SupersededAt: { } at, SupersededBy: { } by } ? new SupersessionResponse(at.ToUniversalTime(), by, note.SupersedeReason ?? "") : null,
        [.. matches.OrderBy(m => m.DelegateId).Select(m => new NoteVerbaleMatchResponse(m.DelegateId, m.Matched ? MatchStatus.Matched : MatchStatus.Unmatched, m.Partial))]);
}
