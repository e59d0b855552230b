using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;

namespace Registration.Api.Features;

/// <summary>
/// Who sees what. The secretariat sees everything; a delegation sees only its own country's delegation and
/// delegates; a participant only the delegates it registered itself (by <c>sub</c>), and no delegation. Another
/// country's (or person's) ids answer 404 exactly as ids that do not exist, so nobody learns which other States or
/// people have registered.
/// </summary>
internal static class Access
{
    public const string Rule =
        "A delegation sees and changes only its own country's data: another country's ids answer `404`, as unknown ids do.";

    public const string OwnDelegatesRule =
        "A participant sees and changes only the delegates it registered itself: anyone else's answer `404`, as unknown ids do.";

    /// <summary>A delegation's data: the secretariat's, and its own country's delegation's.</summary>
    public static bool MaySee(this ClaimsPrincipal user, string country) =>
        user.IsSecretariat() || string.Equals(user.DelegationCountry(), country, StringComparison.Ordinal);

    /// <summary>A delegate: as its delegation's data, and also for the participant who registered themselves (and only for them).</summary>
    public static bool MaySee(this ClaimsPrincipal user, DelegateRegistration delegate_) =>
        user.IsParticipant()
            ? delegate_.ParticipantSubject is { } owner && string.Equals(owner, user.Subject(), StringComparison.Ordinal)
            : user.MaySee(delegate_.Country);

    // The hot reads are compiled once: a LINQ query is otherwise rebuilt as an expression tree, its parameters extracted
    // and its cache key hashed on every request, which cost as much CPU as the rest of EF Core's work for one event.
    private static readonly Func<RegistrationDb, Guid, CancellationToken, Task<Event?>> EventById =
        EF.CompileAsyncQuery((RegistrationDb db, Guid eventId, CancellationToken ct) =>
            db.Events.AsNoTracking().FirstOrDefault(e => e.Id == eventId));

    private static readonly Func<RegistrationDb, Guid, Guid, CancellationToken, Task<DelegateRegistration?>> DelegateById =
        EF.CompileAsyncQuery((RegistrationDb db, Guid eventId, Guid delegateId, CancellationToken ct) =>
            db.Delegates.AsNoTracking().FirstOrDefault(d => d.Id == delegateId && d.EventId == eventId));

    public static async Task<Event> FindEventAsync(this RegistrationDb db, Guid eventId, CancellationToken ct) =>
        await db.ReadAsync(eventId, static (db, eventId, ct) => EventById(db, eventId, ct), ct) ?? throw EventNotFound(eventId);

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
        EnsureInTransaction(db);
        // One statement locks and reads (the row as it is once the lock is granted). Its meetings are read in the same
        // statement, which is exact because an event's meetings never change once it exists.
        // The filter repeated in LINQ says to EF Core that at most one row comes back.
        return await db.Events.FromSql($"SELECT *, xmin FROM events WHERE id = {eventId} FOR SHARE").AsNoTracking().Where(e => e.Id == eventId).FirstOrDefaultAsync(ct)
            ?? throw EventNotFound(eventId);
    }

    /// <summary>
    /// Takes the delegation's write lock inside the caller's transaction (after the event's share lock, where one is
    /// taken). Every write that reads or changes what a delegation's notes verbales say about its delegates takes it:
    /// registering, editing, withdrawing and deciding a delegate, uploading a note and confirming one. Without it a
    /// delegate registered while a note is uploaded is checked against the old note and missed by the new one, since
    /// neither transaction sees the other's uncommitted rows. Reads after this call see everything committed before it.
    /// </summary>
    public static async Task LockDelegationAsync(this RegistrationDb db, Guid delegationId, CancellationToken ct)
    {
        EnsureInTransaction(db);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM delegations WHERE id = {delegationId} FOR NO KEY UPDATE", ct);
    }

    /// <summary>Several delegations' write locks, taken in id order so that two such calls cannot deadlock.</summary>
    public static async Task LockDelegationsAsync(this RegistrationDb db, IReadOnlyCollection<Guid> delegationIds, CancellationToken ct)
    {
        EnsureInTransaction(db);
        var ids = delegationIds.ToArray();
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM delegations WHERE id = ANY({ids}) ORDER BY id FOR NO KEY UPDATE", ct);
    }

    /// <summary>The visible delegation, locked and read (tracked); see <see cref="LockDelegationAsync"/>.</summary>
    public static async Task<Delegation> LockVisibleDelegationAsync(
        this RegistrationDb db, Guid eventId, Guid delegationId, ClaimsPrincipal user, CancellationToken ct)
    {
        EnsureInTransaction(db);
        // One statement locks and reads: the row as it is once the lock is granted.
        var found = await db.Delegations.FromSql($"SELECT *, xmin FROM delegations WHERE id = {delegationId} FOR NO KEY UPDATE")
            .Where(d => d.Id == delegationId).FirstOrDefaultAsync(ct);
        return found is not null && found.EventId == eventId && user.MaySee(found.Country) ? found : throw DelegationNotFound(delegationId);
    }

    /// <summary>The visible delegate, read (tracked) under its delegation's write lock; see <see cref="LockDelegationAsync"/>.</summary>
    public static async Task<DelegateRegistration> LockVisibleDelegateAsync(
        this RegistrationDb db, Guid eventId, Guid delegateId, ClaimsPrincipal user, CancellationToken ct)
    {
        EnsureInTransaction(db);
        await db.Database.ExecuteSqlAsync(
            $"SELECT 1 FROM delegations WHERE id = (SELECT delegation_id FROM delegates WHERE id = {delegateId} AND event_id = {eventId}) FOR NO KEY UPDATE",
            ct);
        return await db.FindVisibleDelegateAsync(eventId, delegateId, user, ct, tracking: true);
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
        var found = tracking
            ? await db.Delegates.FirstOrDefaultAsync(d => d.Id == delegateId && d.EventId == eventId, ct)
            : await db.ReadAsync((eventId, delegateId), static (db, ids, ct) => DelegateById(db, ids.eventId, ids.delegateId, ct), ct);
        return found is not null && user.MaySee(found) ? found : throw DelegateNotFound(delegateId);
    }

    private static void EnsureInTransaction(RegistrationDb db)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A row lock outside a transaction is released at once; begin a transaction first.");
        }
    }

    public static DomainFailure EventNotFound(Guid eventId) =>
        DomainFailure.NotFound(ErrorCodes.EventNotFound, $"There is no event {eventId}.");

    public static DomainFailure DelegationNotFound(Guid delegationId) =>
        DomainFailure.NotFound(ErrorCodes.DelegationNotFound, $"There is no delegation {delegationId} in this event.");

    public static DomainFailure DelegateNotFound(Guid delegateId) =>
        DomainFailure.NotFound(ErrorCodes.DelegateNotFound, $"There is no delegate {delegateId} in this event.");
}
