using Registration.Api.Domain;

namespace Registration.Api.Features.Delegates;

/// <summary>A delegate: the person, their participation, and where their registration stands.</summary>
/// <param name="Id">The delegate's id.</param>
/// <param name="EventId">The event.</param>
/// <param name="DelegationId">The delegation that registered them.</param>
/// <param name="Country">The delegation's State (ISO 3166-1 alpha-3).</param>
/// <param name="Title">Form of address, for example <c>Ms.</c>, <c>H.E. Mr.</c>.</param>
/// <param name="GivenName">Given name, exactly as registered.</param>
/// <param name="FamilyName">Family name, exactly as registered.</param>
/// <param name="JobTitle">Function, for example <c>Counsellor</c>.</param>
/// <param name="Email">The delegate's own e-mail address.</param>
/// <param name="ParticipationMode">In person or online.</param>
/// <param name="Meetings">Codes of the meetings the delegate attends.</param>
/// <param name="Role">Place in the delegation, if given.</param>
/// <param name="Status"><c>pending</c> until the secretariat decides; <c>withdrawn</c> when taken off the list.</param>
/// <param name="NoteVerbale">Whether a note verbale of the delegation that counts (not superseded) names the delegate, which one and on which page.</param>
/// <param name="Decision">The secretariat's decision, once taken.</param>
/// <param name="CreatedAt">When the delegate was registered (UTC).</param>
/// <param name="UpdatedAt">When the registration last changed (UTC).</param>
public sealed record DelegateResponse(
    Guid Id,
    Guid EventId,
    Guid DelegationId,
    string Country,
    string Title,
    string GivenName,
    string FamilyName,
    string? JobTitle,
    string Email,
    ParticipationMode ParticipationMode,
    IReadOnlyList<string> Meetings,
    DelegationRole? Role,
    DelegateStatus Status,
    NoteVerbaleCheck NoteVerbale,
    DecisionResponse? Decision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The cross-check against the delegation's notes verbales that count (every one not superseded).</summary>
/// <param name="Status"><c>missing</c>, <c>unmatched</c>, <c>partial</c> (named only as part of a longer, hyphenated name: approval waits for a confirmation), <c>matched</c> or <c>confirmed</c>.</param>
/// <param name="NoteVerbaleId">The note that names the delegate (<c>matched</c>, <c>partial</c>) or that the secretariat confirmed; for <c>unmatched</c> the newest note checked; null while <c>missing</c>.</param>
/// <param name="Page">The page of that note (from 1) where the name or address stands; null when no note names the delegate or for a confirmation by hand.</param>
/// <param name="Source">How that page's text was read: <c>text-layer</c> (the PDF's own text) or <c>ocr</c> (recognised from a scan, which the secretariat may want to look at before approving); null when <c>page</c> is.</param>
/// <param name="ReadAs">For a name found by OCR with a letter or two read wrong (tolerated: see the README), the words as OCR read them, normalised (lower case, no diacritics), for example <c>anna bergcr</c>; null for an exact reading.</param>
/// <param name="Confirmation">The secretariat's confirmation by hand, while <c>status</c> is <c>confirmed</c>.</param>
public sealed record NoteVerbaleCheck(NoteVerbaleStatus Status, Guid? NoteVerbaleId, int? Page, MatchSource? Source, string? ReadAs, ConfirmationResponse? Confirmation);

/// <summary>On the wire: <c>text-layer</c>, <c>ocr</c>.</summary>
public enum MatchSource
{
    TextLayer,
    Ocr,
}

/// <summary>A confirmation by hand that the note names the delegate.</summary>
/// <param name="By">Who confirmed (the token's <c>sub</c>).</param>
/// <param name="At">When (UTC).</param>
/// <param name="Comment">Why, for example where a scanned note names the delegate.</param>
public sealed record ConfirmationResponse(string By, DateTimeOffset At, string Comment);

/// <summary>The secretariat's decision.</summary>
/// <param name="By">Who decided (the token's <c>sub</c>).</param>
/// <param name="At">When (UTC).</param>
/// <param name="Reason">Why; given for every rejection.</param>
/// <param name="NoteVerbaleId">The note verbale the decision was taken against.</param>
/// <param name="NoteVerbaleSha256">That note's SHA-256, so the decision names the exact document.</param>
public sealed record DecisionResponse(string By, DateTimeOffset At, string? Reason, Guid? NoteVerbaleId, string? NoteVerbaleSha256);

public static class DelegateMapping
{
    public static DelegateResponse ToResponse(this DelegateRegistration d) => new(
        d.Id,
        d.EventId,
        d.DelegationId,
        d.Country,
        d.Title,
        d.GivenName,
        d.FamilyName,
        d.JobTitle,
        d.Email,
        d.ParticipationMode,
        d.Meetings,
        d.Role,
        d.Status,
        new NoteVerbaleCheck(
            d.NoteVerbaleStatus,
            d.NoteVerbaleId,
            d.NoteVerbalePage,
            d.NoteVerbalePage is null ? null : d.NoteVerbaleByOcr ? MatchSource.Ocr : MatchSource.TextLayer,
            d.NoteVerbaleReadAs,
            d is { NoteVerbaleStatus: NoteVerbaleStatus.Confirmed, ConfirmedBy: { } confirmedBy, ConfirmedAt: { } confirmedAt }
                ? new ConfirmationResponse(confirmedBy, confirmedAt.ToUniversalTime(), d.ConfirmationComment ?? "")
                : null),
        d is { DecidedBy: { } decidedBy, DecidedAt: { } decidedAt }
            ? new DecisionResponse(decidedBy, decidedAt.ToUniversalTime(), d.DecisionReason, d.DecisionNoteVerbaleId, d.DecisionNoteVerbaleSha256?.Trim())
            : null,
        d.CreatedAt.ToUniversalTime(),
        d.UpdatedAt.ToUniversalTime());
}
