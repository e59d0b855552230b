using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;

namespace Registration.Api.Features.Statements;

/// <summary>One version of a delegation's statement on an agenda item.</summary>
/// <param name="Id">The statement's id.</param>
/// <param name="EventId">The event.</param>
/// <param name="DelegationId">The delegation that submitted it.</param>
/// <param name="Country">The delegation's State (ISO 3166-1 alpha-3).</param>
/// <param name="AgendaItemId">The agenda item.</param>
/// <param name="AgendaItemNumber">The item's number, as in the label (<c>3</c>).</param>
/// <param name="Meeting">The meeting the statement is addressed to (its code).</param>
/// <param name="Kind"><c>video</c> (pre-recorded, with transcript) or <c>written</c> (PDF or DOCX).</param>
/// <param name="Version">1 for the delegation's first statement of this kind on this item, then 2, 3, ...; earlier versions stay downloadable.</param>
/// <param name="Label">The invitation's subject line, <c>12th EMIC statement – Austria 3</c>: the statement's title.</param>
/// <param name="FileName">The download's file name: the label and the extension of the file's format.</param>
/// <param name="ContentType">The media type the file is served with.</param>
/// <param name="SizeBytes">The file's size.</param>
/// <param name="Sha256">SHA-256 of the file's bytes (hex).</param>
/// <param name="DurationSeconds">A video's duration, the longest of its container's and streams' (at most 180); null for a written statement.</param>
/// <param name="Transcript">A video's transcript; null for a written statement.</param>
/// <param name="State"><c>submitted</c>, <c>accepted</c>, <c>returned</c> (with <c>returnReason</c>) or <c>published</c>.</param>
/// <param name="ReturnReason">Why the secretariat returned it.</param>
/// <param name="SubmittedAt">When it was uploaded (UTC).</param>
/// <param name="ReviewedAt">When the secretariat last accepted or returned it (UTC).</param>
/// <param name="PublishedAt">When it was published (UTC).</param>
public sealed record StatementResponse(
    Guid Id,
    Guid EventId,
    Guid DelegationId,
    string Country,
    Guid AgendaItemId,
    string AgendaItemNumber,
    string Meeting,
    StatementKind Kind,
    int Version,
    string Label,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    double? DurationSeconds,
    string? Transcript,
    StatementState State,
    string? ReturnReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? ReviewedAt,
    DateTimeOffset? PublishedAt);

public static class StatementMapping
{
    public static StatementResponse ToResponse(this Statement s) => new(
        s.Id, s.EventId, s.DelegationId, s.Country, s.AgendaItemId, s.AgendaItemNumber, s.MeetingCode, s.Kind, s.VersionNumber, s.Label,
        s.FileName, s.ContentType, s.SizeBytes, s.Sha256, s.DurationSeconds, s.Transcript, s.State, s.ReturnReason,
        s.SubmittedAt.ToUniversalTime(), s.ReviewedAt?.ToUniversalTime(), s.PublishedAt?.ToUniversalTime());

    public static DomainFailure NotFound(Guid id) => DomainFailure.NotFound(ErrorCodes.StatementNotFound, $"There is no statement {id} in this event.");
}

/// <summary>
/// Who acts for a delegation on statements: the secretariat, the delegation (its focal point's token), and a participant
/// whose own registration in that delegation is approved. Anyone else's ids answer 404, as unknown ids do.
/// </summary>
internal static class StatementAccess
{
    public const string Rule = "The secretariat, the delegation, and a participant approved as a delegate of that delegation "
        + "(who registered themselves) act for it; another country's or person's ids answer `404`, as unknown ids do.";

    public static async Task<bool> MayActForAsync(this RegistrationDb db, ClaimsPrincipal user, Delegation delegation, CancellationToken ct)
    {
        if (!user.IsParticipant())
        {
            return user.MaySee(delegation.Country);
        }

        var subject = user.Subject();
        return await db.Delegates.AnyAsync(d => d.DelegationId == delegation.Id && d.ParticipantSubject == subject && d.Status == DelegateStatus.Approved, ct);
    }

    public static async Task<Delegation> FindActingDelegationAsync(this RegistrationDb db, Guid eventId, Guid delegationId, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await db.Delegations.AsNoTracking().FirstOrDefaultAsync(d => d.Id == delegationId && d.EventId == eventId, ct);
        return found is not null && await db.MayActForAsync(user, found, ct) ? found : throw Access.DelegationNotFound(delegationId);
    }

    /// <summary>The delegation under its write lock (see <see cref="Access.LockDelegationAsync"/>), if the caller acts for it.</summary>
    public static async Task<Delegation> LockActingDelegationAsync(this RegistrationDb db, Guid eventId, Guid delegationId, ClaimsPrincipal user, CancellationToken ct)
    {
        await db.LockDelegationAsync(delegationId, ct);
        return await db.FindActingDelegationAsync(eventId, delegationId, user, ct);
    }

    /// <summary>A statement the caller may read: any for the secretariat, its delegation's otherwise.</summary>
    public static async Task<Statement> FindVisibleStatementAsync(this RegistrationDb db, Guid eventId, Guid statementId, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await db.Statements.AsNoTracking().FirstOrDefaultAsync(s => s.Id == statementId && s.EventId == eventId, ct);
        if (found is null)
        {
            throw StatementMapping.NotFound(statementId);
        }

        if (user.IsSecretariat())
        {
            return found;
        }

        var delegation = await db.Delegations.AsNoTracking().FirstAsync(d => d.Id == found.DelegationId, ct);
        return await db.MayActForAsync(user, delegation, ct) ? found : throw StatementMapping.NotFound(statementId);
    }
}
