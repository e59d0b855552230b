using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;

namespace Registration.Api.Features;

/// <summary>
/// Who sees what. The secretariat sees everything; a delegation sees only its own country's delegation and
/// delegates. Another country's ids answer 404 exactly as ids that do not exist, so a delegation cannot learn
/// which other States have registered.
/// </summary>
internal static class Access
{
    public const string Rule =
        "A delegation sees and changes only its own country's data: another country's ids answer `404`, as unknown ids do.";

    public static bool MaySee(this ClaimsPrincipal user, string country) =>
        user.IsSecretariat() || string.Equals(user.DelegationCountry(), country, StringComparison.Ordinal);

    public static async Task<Event> FindEventAsync(this RegistrationDb db, Guid eventId, CancellationToken ct) =>
        await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == eventId, ct)
        ?? throw EventNotFound(eventId);

    public static async Task EnsureEventExistsAsync(this RegistrationDb db, Guid eventId, CancellationToken ct)
    {
        if (!await db.Events.AnyAsync(e => e.Id == eventId, ct))
        {
            throw EventNotFound(eventId);
        }
    }

    /// <summary>
    /// Reads the event under a share lock inside the caller's transaction, for writes that need an open registration:
    /// the deadline checked is the stored one, and a concurrent change of the deadline waits for this write to commit
    /// (or this write waits for that change and then sees the new deadline). Read "now" after this call.
    /// </summary>
    public static async Task<Event> LockEventForWriteAsync(this RegistrationDb db, Guid eventId, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM events WHERE id = {eventId} FOR SHARE", ct);
        return await db.FindEventAsync(eventId, ct);
    }

    public static async Task<Delegation> FindVisibleDelegationAsync(
        this RegistrationDb db, Guid eventId, Guid delegationId, ClaimsPrincipal user, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Delegations : db.Delegations.AsNoTracking();
        var found = await query.FirstOrDefaultAsync(d => d.Id == delegationId && d.EventId == eventId, ct);
        return found is not null && user.MaySee(found.Country) ? found : throw DelegationNotFound(delegationId);
    }

    public static async Task<DelegateRegistration> FindVisibleDelegateAsync(
        this RegistrationDb db, Guid eventId, Guid delegateId, ClaimsPrincipal user, CancellationToken ct, bool tracking = false)
    {
        var query = tracking ? db.Delegates : db.Delegates.AsNoTracking();
        var found = await query.FirstOrDefaultAsync(d => d.Id == delegateId && d.EventId == eventId, ct);
        return found is not null && user.MaySee(found.Country) ? found : throw DelegateNotFound(delegateId);
    }

    public static DomainFailure EventNotFound(Guid eventId) =>
        DomainFailure.NotFound(ErrorCodes.EventNotFound, $"There is no event {eventId}.");

    public static DomainFailure DelegationNotFound(Guid delegationId) =>
        DomainFailure.NotFound(ErrorCodes.DelegationNotFound, $"There is no delegation {delegationId} in this event.");

    public static DomainFailure DelegateNotFound(Guid delegateId) =>
        DomainFailure.NotFound(ErrorCodes.DelegateNotFound, $"There is no delegate {delegateId} in this event.");
}
