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
/// <param name="NoteVerbale">Whether the current note verbale names the delegate.</param>
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

/// <summary>The cross-check against the delegation's current note verbale.</summary>
/// <param name="Status"><c>missing</c>, <c>unmatched</c>, <c>matched</c> or <c>confirmed</c>.</param>
/// <param name="NoteVerbaleId">The note checked against (or confirmed); null while missing.</param>
public sealed record NoteVerbaleCheck(NoteVerbaleStatus Status, Guid? NoteVerbaleId);

/// <summary>The secretariat's decision.</summary>
/// <param name="By">Who decided (the token's <c>sub</c>).</param>
/// <param name="At">When (UTC).</param>
/// <param name="Reason">Why; required for a rejection.</param>
public sealed record DecisionResponse(string By, DateTimeOffset At, string? Reason);

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
        new NoteVerbaleCheck(d.NoteVerbaleStatus, d.NoteVerbaleId),
        null,
        d.CreatedAt.ToUniversalTime(),
        d.UpdatedAt.ToUniversalTime());
}
