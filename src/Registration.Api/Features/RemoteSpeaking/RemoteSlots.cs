using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.RemoteSpeaking;

public sealed class GetRemoteSlot(RegistrationDb db) : EndpointWithoutRequest<RemoteSlotResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/sittings/{sittingId:guid}/remote-slots/{slotId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(RemoteSlotResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a remote slot";
            s.Description = "`404 remote-slot-not-found` for an unknown id. " + Access.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (eventId, sittingId, slotId) = (Route<Guid>("eventId"), Route<Guid>("sittingId"), Route<Guid>("slotId"));
        var slot = await db.RemoteSlots.AsNoTracking().FirstOrDefaultAsync(r => r.Id == slotId && r.SittingId == sittingId && r.EventId == eventId, ct);
        await Send.OkAsync(slot is not null && User.MaySee(slot.Country) ? slot.ToResponse() : throw RemoteSpeakingMapping.SlotNotFound(slotId), ct);
    }
}

public sealed class CancelRemoteSlot(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<RemoteSlotResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/sittings/{sittingId:guid}/remote-slots/{slotId:guid}/cancel");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(RemoteSlotResponse), 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Cancel a remote slot";
            s.Responses[409] = "`invalid-transition`: the slot is cancelled already.";
            s.Description = "Its minutes go back to the sitting's budget (under the sitting's row lock, like a booking). A slot cancelled "
                + "already is `409 invalid-transition`. " + Access.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (eventId, sittingId, slotId) = (Route<Guid>("eventId"), Route<Guid>("sittingId"), Route<Guid>("slotId"));
        var slot = await db.InTransactionAsync(async ct =>
        {
            await db.LockSittingAsync(eventId, sittingId, ct);
            var slot = await db.RemoteSlots.FirstOrDefaultAsync(r => r.Id == slotId && r.SittingId == sittingId, ct);
            if (slot is null || !User.MaySee(slot.Country))
            {
                throw RemoteSpeakingMapping.SlotNotFound(slotId);
            }

            slot.Cancel(User.Subject(), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return slot;
        }, ct);

        await Send.OkAsync(slot.ToResponse(), ct);
    }
}

/// <summary>One remote speaker of a sitting, in the order of the list.</summary>
/// <param name="Position">1 for the first speaker, then 2, 3, ...</param>
/// <param name="SlotId">The slot.</param>
/// <param name="Country">The State.</param>
/// <param name="CountryName">The State's English short name.</param>
/// <param name="DelegateId">The delegate.</param>
/// <param name="Title">The delegate's title.</param>
/// <param name="GivenName">The delegate's given name.</param>
/// <param name="FamilyName">The delegate's family name.</param>
/// <param name="AgendaItemNumber">The agenda item's number.</param>
/// <param name="Minutes">The expected length.</param>
/// <param name="MinutesBefore">Remote minutes booked before this speaker in the sitting.</param>
public sealed record RemoteSpeakerResponse(int Position, Guid SlotId, string Country, string CountryName, Guid DelegateId, string Title, string GivenName, string FamilyName, string AgendaItemNumber, int Minutes, int MinutesBefore);

/// <summary>A sitting's remote speakers list.</summary>
/// <param name="Sitting">The sitting, with its budget and what remains.</param>
/// <param name="Speakers">The booked slots in the order they were booked.</param>
public sealed record RemoteSpeakersResponse(SittingResponse Sitting, IReadOnlyList<RemoteSpeakerResponse> Speakers);

public sealed class ListRemoteSpeakers(RegistrationDb db) : EndpointWithoutRequest<RemoteSpeakersResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/sittings/{sittingId:guid}/remote-speakers");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(RemoteSpeakersResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "A sitting's remote speakers list, in order (secretariat)";
            s.Description = "Every booked slot (cancelled ones left out) in the order it was booked, numbered, with the minutes booked before it; "
                + "the whole list in one answer (a sitting's budget holds a few dozen slots at most).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (eventId, sittingId) = (Route<Guid>("eventId"), Route<Guid>("sittingId"));
        var sitting = await db.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sittingId && s.EventId == eventId, ct)
            ?? throw RemoteSpeakingMapping.SittingNotFound(sittingId);
        var rows = await db.RemoteSlots.AsNoTracking()
            .Where(r => r.SittingId == sittingId && r.State == RemoteSlotState.Booked)
            .OrderBy(r => r.BookedAt).ThenBy(r => r.Id)
            .Join(db.Delegates.AsNoTracking(), r => r.DelegateId, d => d.Id, (r, d) => new { Slot = r, d.Title, d.GivenName, d.FamilyName })
            .Join(db.AgendaItems.AsNoTracking(), x => x.Slot.AgendaItemId, a => a.Id, (x, a) => new { x.Slot, x.Title, x.GivenName, x.FamilyName, a.Number })
            .ToListAsync(ct);

        var before = 0;
        var speakers = new List<RemoteSpeakerResponse>(rows.Count);
        foreach (var (row, index) in rows.OrderBy(r => r.Slot.BookedAt).ThenBy(r => r.Slot.Id).Select((r, i) => (r, i)))
        {
            speakers.Add(new RemoteSpeakerResponse(index + 1, row.Slot.Id, row.Slot.Country, Countries.NameOf(row.Slot.Country), row.Slot.DelegateId,
                row.Title, row.GivenName, row.FamilyName, row.Number, row.Slot.Minutes, before));
            before += row.Slot.Minutes;
        }

        await Send.OkAsync(new RemoteSpeakersResponse(sitting.ToResponse(before), speakers), ct);
    }
}
