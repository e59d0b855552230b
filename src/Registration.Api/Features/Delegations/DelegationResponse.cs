using FluentValidation;
using Registration.Api.Domain;

namespace Registration.Api.Features.Delegations;

/// <summary>A State's delegation to an event.</summary>
/// <param name="Id">The delegation's id.</param>
/// <param name="EventId">The event it belongs to.</param>
/// <param name="Country">ISO 3166-1 alpha-3 code of the State.</param>
/// <param name="CountryName">The State's English short name.</param>
/// <param name="DelegateCount">Active delegates (pending or approved).</param>
/// <param name="CurrentNoteVerbaleId">The newest note verbale uploaded, which delegates are checked against; null before the first upload.</param>
/// <param name="CreatedAt">When the delegation was created (UTC).</param>
/// <param name="FocalPointEmail">Where the e-mails about the delegation's notes verbales and the deadline reminder go; null when none was given (then none is sent).</param>
public sealed record DelegationResponse(
    Guid Id,
    Guid EventId,
    string Country,
    string CountryName,
    int DelegateCount,
    Guid? CurrentNoteVerbaleId,
    DateTimeOffset CreatedAt,
    string? FocalPointEmail);

internal sealed record DelegationRow(Delegation Delegation, int DelegateCount)
{
    public DelegationResponse ToResponse() => new(
        Delegation.Id,
        Delegation.EventId,
        Delegation.Country,
        Countries.NameOf(Delegation.Country),
        DelegateCount,
        Delegation.CurrentNoteVerbaleId,
        Delegation.CreatedAt.ToUniversalTime(),
        Delegation.FocalPointEmail);
}

internal static class DelegationRules
{
    public static IRuleBuilderOptions<T, string?> FocalPointEmail<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => v is null || EmailAddress.IsValid(v)).WithMessage("focalPointEmail must be a single e-mail address, for example registration@example.gv.at, or null.");
}

internal static class DelegationQueries
{
    /// <summary>Delegations with their count of active delegates, in one round trip.</summary>
    public static IQueryable<DelegationRow> WithDelegateCount(this IQueryable<Delegation> delegations, IQueryable<DelegateRegistration> delegates) =>
        delegations.Select(d => new DelegationRow(
            d,
            delegates.Count(x => x.DelegationId == d.Id && (x.Status == DelegateStatus.Pending || x.Status == DelegateStatus.Approved))));
}
