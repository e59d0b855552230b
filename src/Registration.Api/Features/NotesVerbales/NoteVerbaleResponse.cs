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
/// <param name="IsCurrent">True for the delegation's newest note, the one delegates are checked against.</param>
/// <param name="Matches">For each delegate checked against this note while it was current: whether it names them.</param>
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
    IReadOnlyList<NoteVerbaleMatchResponse> Matches);

/// <summary>Whether a note names a delegate.</summary>
/// <param name="DelegateId">The delegate.</param>
/// <param name="Status"><c>matched</c> or <c>unmatched</c>.</param>
public sealed record NoteVerbaleMatchResponse(Guid DelegateId, MatchStatus Status);

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
        [.. matches.OrderBy(m => m.DelegateId).Select(m => new NoteVerbaleMatchResponse(m.DelegateId, m.Matched ? MatchStatus.Matched : MatchStatus.Unmatched))]);
}
