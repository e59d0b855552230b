using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;

namespace Registration.Api.Features.RemoteSpeaking;

/// <summary>A sitting of a meeting with its remote-speaking budget.</summary>
/// <param name="Id">The sitting's id.</param>
/// <param name="EventId">The event.</param>
/// <param name="Meeting">The meeting's code.</param>
/// <param name="Date">The day, in the event's time zone.</param>
/// <param name="Period"><c>morning</c> or <c>afternoon</c>.</param>
/// <param name="DurationMinutes">The sitting's length (180 by default).</param>
/// <param name="RemoteBudgetMinutes">The minutes allotted to statements delivered remotely (30 by default); pre-recorded videos do not count.</param>
/// <param name="BookedMinutes">The minutes booked remote slots hold now.</param>
/// <param name="RemainingMinutes">The budget still free.</param>
/// <param name="CreatedAt">When the secretariat planned it (UTC).</param>
public sealed record SittingResponse(
    Guid Id, Guid EventId, string Meeting, DateOnly Date, SittingPeriod Period, int DurationMinutes, int RemoteBudgetMinutes, int BookedMinutes, int RemainingMinutes, DateTimeOffset CreatedAt);

/// <summary>A remote statement booked in a sitting.</summary>
/// <param name="Id">The slot's id.</param>
/// <param name="SittingId">The sitting.</param>
/// <param name="DelegationId">The delegation.</param>
/// <param name="Country">The delegation's State.</param>
/// <param name="DelegateId">The online delegate who will speak.</param>
/// <param name="AgendaItemId">The agenda item the statement is on.</param>
/// <param name="Minutes">The expected length, counted against the sitting's budget while the slot is booked.</param>
/// <param name="State"><c>booked</c> or <c>cancelled</c> (its minutes back in the budget).</param>
/// <param name="BookedAt">When it was booked (UTC); the speakers list follows this order.</param>
/// <param name="CancelledAt">When it was cancelled (UTC).</param>
public sealed record RemoteSlotResponse(
    Guid Id, Guid SittingId, Guid DelegationId, string Country, Guid DelegateId, Guid AgendaItemId, int Minutes, RemoteSlotState State, DateTimeOffset BookedAt, DateTimeOffset? CancelledAt);

public static class RemoteSpeakingMapping
{
    public static SittingResponse ToResponse(this Sitting s, int bookedMinutes) => new(
        s.Id, s.EventId, s.MeetingCode, s.Date, s.Period, s.DurationMinutes, s.RemoteBudgetMinutes, bookedMinutes, s.RemoteBudgetMinutes - bookedMinutes, s.CreatedAt.ToUniversalTime());

    public static RemoteSlotResponse ToResponse(this RemoteSlot s) => new(
        s.Id, s.SittingId, s.DelegationId, s.Country, s.DelegateId, s.AgendaItemId, s.Minutes, s.State, s.BookedAt.ToUniversalTime(), s.CancelledAt?.ToUniversalTime());

    public static DomainFailure SittingNotFound(Guid id) => DomainFailure.NotFound(ErrorCodes.SittingNotFound, $"There is no sitting {id} in this event.");

    public static DomainFailure SlotNotFound(Guid id) => DomainFailure.NotFound(ErrorCodes.RemoteSlotNotFound, $"There is no remote slot {id} in this sitting.");

    /// <summary>What the sitting's booked slots hold; under the sitting's row lock, exact for the transaction that holds it.</summary>
    public static Task<int> BookedMinutesAsync(this RegistrationDb db, Guid sittingId, CancellationToken ct) =>
        db.RemoteSlots.Where(r => r.SittingId == sittingId && r.State == RemoteSlotState.Booked).SumAsync(r => r.Minutes, ct);

    /// <summary>
    /// The sitting, read under its row lock (<c>FOR UPDATE</c>): bookings and cancellations of one sitting pass one at a
    /// time, so the minutes each adds up are those committed before it, and the budget cannot be overrun by a race.
    /// </summary>
    public static async Task<Sitting> LockSittingAsync(this RegistrationDb db, Guid eventId, Guid sittingId, CancellationToken ct) =>
        await db.Sittings.FromSql($"SELECT * FROM sittings WHERE id = {sittingId} FOR UPDATE").AsNoTracking()
            .Where(s => s.Id == sittingId && s.EventId == eventId).FirstOrDefaultAsync(ct)
        ?? throw SittingNotFound(sittingId);
}
