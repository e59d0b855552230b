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
/// <param name="TextExtracted">True when the note holds text to match: its text layer, or what OCR read. False for a scan not read (yet), or read and found blank: its delegates stay unmatched until the secretariat confirms.</param>
/// <param name="PageCount">Pages in the PDF.</param>
/// <param name="TextSource">Where the note's text comes from: <c>text-layer</c> (the PDF's own text, on every page); <c>ocr-pending</c> (some pages have no text, a scan: OCR reads them in the background, and the note names whom its text layer names meanwhile); <c>ocr</c> (read: the pages without text were read by OCR, and the delegates checked again); <c>ocr-failed</c> (reading failed at every attempt: the delegates wait for a confirmation by hand).</param>
/// <param name="Ocr">How OCR read the note; null for a note read from its text layer alone.</param>
/// <param name="Text">The note's text page by page, as matching reads it (the recognised text of scanned pages included): for the secretariat, in the answer of <c>GET .../notes-verbales/{noteVerbaleId}</c> only; null elsewhere.</param>
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
    TextSource TextSource,
    OcrReadingResponse? Ocr,
    IReadOnlyList<NotePageResponse>? Text,
    bool IsCurrent,
    SupersessionResponse? Superseded,
    IReadOnlyList<NoteVerbaleMatchResponse> Matches);

/// <summary>How OCR read a scanned note.</summary>
/// <param name="PagesRead">The pages (from 1) that had no text layer and that OCR read; empty until it has.</param>
/// <param name="PagesOverLimit">Pages without text that were not read, being over the limit of pages read per note (<c>Ocr__MaxPages</c>): whom they name needs a confirmation by hand.</param>
/// <param name="FinishedAt">When OCR finished, or gave up (UTC); null while pending.</param>
/// <param name="Failure">Why reading failed, for <c>ocr-failed</c>; null otherwise.</param>
public sealed record OcrReadingResponse(IReadOnlyList<int> PagesRead, IReadOnlyList<int> PagesOverLimit, DateTimeOffset? FinishedAt, string? Failure);

/// <summary>One page of a note's text.</summary>
/// <param name="Page">The page, from 1.</param>
/// <param name="Source"><c>text-layer</c> (the PDF's own text), <c>ocr</c> (recognised from the scan) or <c>none</c> (no text: blank, not read yet, over the limit, or reading failed).</param>
/// <param name="Text">The text, one line per line break; empty for <c>none</c> or a blank page.</param>
public sealed record NotePageResponse(int Page, PageTextSource Source, string Text);

/// <summary>On the wire: <c>text-layer</c>, <c>ocr</c>, <c>none</c>.</summary>
public enum PageTextSource
{
    TextLayer,
    Ocr,
    None,
}

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
    /// <summary>The note as the API shows it; <paramref name="withText"/> adds its text page by page (the secretariat's reading of one note).</summary>
    public static NoteVerbaleResponse ToResponse(this NoteVerbale note, Guid? currentId, IEnumerable<NoteVerbaleMatch> matches, bool withText = false) => new(
        note.Id,
        note.DelegationId,
        ReceivedPdf.SafeFileName(note.FileName), // unchanged for names cleaned at upload; cleans those stored before
        note.SizeBytes,
        note.Sha256.Trim(),
        note.UploadedAt.ToUniversalTime(),
        note.UploadedBy,
        note.TextExtracted,
        note.PageCount,
        note.TextSource,
        note.TextSource == TextSource.TextLayer
            ? null
            : new OcrReadingResponse(note.OcrPages, note.OcrPagesOverLimit, note.OcrFinishedAt?.ToUniversalTime(), note.OcrFailure),
        withText ? TextOf(note) : null,
        note.Id == currentId,
        note is { SupersededAt: { } at, SupersededBy: { } by } ? new SupersessionResponse(at.ToUniversalTime(), by, note.SupersedeReason ?? "") : null,
        [.. matches.OrderBy(m => m.DelegateId).Select(m => new NoteVerbaleMatchResponse(m.DelegateId, m.Matched ? MatchStatus.Matched : MatchStatus.Unmatched, m.Partial))]);

    private static NotePageResponse[] TextOf(NoteVerbale note) =>
    [
        .. note.Pages().Select((text, index) => new NotePageResponse(
            index + 1,
            string.IsNullOrWhiteSpace(text) ? PageTextSource.None : note.OcrPages.Contains(index + 1) ? PageTextSource.Ocr : PageTextSource.TextLayer,
            text)),
    ];
}
