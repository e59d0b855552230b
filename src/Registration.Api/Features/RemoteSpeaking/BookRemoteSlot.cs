using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.RemoteSpeaking;

/// <summary>A remote slot to book.</summary>
public sealed class BookRemoteSlotRequest
{
    /// <summary>The approved online delegate who will speak.</summary>
    public Guid DelegateId { get; init; }

    /// <summary>The agenda item the statement is on (one the sitting's meeting takes).</summary>
    public Guid AgendaItemId { get; init; }

    /// <summary>The statement's expected length in minutes, counted against the sitting's remote budget.</summary>
    public int Minutes { get; init; }
}

public sealed class BookRemoteSlotValidator : Validator<BookRemoteSlotRequest>
{
    public BookRemoteSlotValidator()
    {
        RuleFor(r => r.DelegateId).NotEqual(Guid.Empty).WithMessage("delegateId is required.");
        RuleFor(r => r.AgendaItemId).NotEqual(Guid.Empty).WithMessage("agendaItemId is required.");
        RuleFor(r => r.Minutes).InclusiveBetween(1, Sitting.MaxDurationMinutes).WithMessage("minutes must be a positive number of minutes.");
    }
}

public sealed class BookRemoteSlot(RegistrationDb db, TimeProvider clock) : Endpoint<BookRemoteSlotRequest, RemoteSlotResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/sittings/{sittingId:guid}/remote-slots");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(201, typeof(RemoteSlotResponse), 400, 401, 403, 404, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Book a remote statement in a sitting";
            s.Responses[404] = "`event-not-found`, `sitting-not-found`, or `delegate-not-found` (also another country's delegate).";
            s.Responses[409] = "`remote-time-exhausted`: the slot would exceed the sitting's remote budget (the detail says what remains); `delegate-not-approved`; `delegate-not-online`.";
            s.Description = "For one of the delegation's delegates: approved (`409 delegate-not-approved`), taking part online "
                + "(`409 delegate-not-online`: in-person delegates speak in the room) and registered for the sitting's meeting, on an agenda "
                + "item that meeting takes (`400 validation-failed` otherwise). Slots are granted in the order they are booked until the "
                + "sitting's remote budget is spent: a slot that would exceed it is `409 remote-time-exhausted` (the detail says what remains). "
                + "The budget is enforced in PostgreSQL — each booking locks the sitting's row and adds up the booked minutes — so it holds "
                + "under any number of concurrent bookings. Pre-recorded video statements never count. " + Access.Rule;
            s.ExampleRequest = new BookRemoteSlotRequest { DelegateId = Guid.Parse("0190b7a4-3f1e-7c2a-9d5e-4b6a8c0e2f13"), AgendaItemId = Guid.Parse("0190b7a4-3f1e-7c2a-9d5e-4b6a8c0e2f14"), Minutes = 5 };
        });
    }

    public override async Task HandleAsync(BookRemoteSlotRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var sittingId = Route<Guid>("sittingId");
        var slot = await db.InTransactionAsync(async ct =>
        {
            // Locks in the usual order — event (share), delegation, then the sitting — so bookings never deadlock.
            await db.LockEventForWriteAsync(eventId, ct);
            var speaker = await db.LockVisibleDelegateAsync(eventId, req.DelegateId, User, ct);
            var sitting = await db.LockSittingAsync(eventId, sittingId, ct);
            var item = await db.AgendaItems.AsNoTracking().FirstOrDefaultAsync(a => a.Id == req.AgendaItemId && a.EventId == eventId, ct)
                ?? throw DomainFailure.Invalid("agendaItemId", $"There is no agenda item {req.AgendaItemId} in this event.");
            var slot = sitting.Book(speaker, item, req.Minutes, await db.BookedMinutesAsync(sitting.Id, ct), User.Subject(), clock.GetUtcNow());
            db.RemoteSlots.Add(slot);
            await db.SaveChangesAsync(ct);
            return slot;
        }, ct);

        await Send.CreatedAtAsync<GetRemoteSlot>(new { eventId, sittingId, slotId = slot.Id }, slot.ToResponse(), cancellation: ct);
    }
}
