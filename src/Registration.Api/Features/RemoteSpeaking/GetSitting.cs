using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.RemoteSpeaking;

public sealed class GetSitting(RegistrationDb db) : EndpointWithoutRequest<SittingResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/sittings/{sittingId:guid}");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(SittingResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a sitting and its remaining remote minutes";
            s.Description = "Any signed-in caller: delegations see how much remote time is left before they book. `404 sitting-not-found` for an unknown id.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<Guid>("sittingId");
        var eventId = Route<Guid>("eventId");
        var sitting = await db.Sittings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.EventId == eventId, ct)
            ?? throw RemoteSpeakingMapping.SittingNotFound(id);
        await Send.OkAsync(sitting.ToResponse(await db.BookedMinutesAsync(id, ct)), ct);
    }
}

public sealed class ListSittingsRequest : PageRequest
{
    /// <summary>Only this meeting's sittings (its code).</summary>
    [QueryParam]
    public string? Meeting { get; init; }
}

public sealed class ListSittingsValidator : Validator<ListSittingsRequest>
{
    public ListSittingsValidator() => this.AddPageRules();
}

public sealed class ListSittings(RegistrationDb db) : Endpoint<ListSittingsRequest, Page<SittingResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/sittings");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(Page<SittingResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "The event's sittings, with their remaining remote minutes";
            s.Description = "Any signed-in caller. In the order they were planned, `?meeting=` for one meeting's; keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListSittingsRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);
        var query = db.Sittings.AsNoTracking().Where(s => s.EventId == eventId);
        if (req.Meeting is { } meeting)
        {
            query = query.Where(s => s.MeetingCode == meeting);
        }

        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(s => s.Id > after);
        }

        var rows = await query.OrderBy(s => s.Id).Take(req.Take + 1)
            .Select(s => new { Sitting = s, Booked = db.RemoteSlots.Where(r => r.SittingId == s.Id && r.State == RemoteSlotState.Booked).Sum(r => r.Minutes) })
            .ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, r => r.Sitting.ToResponse(r.Booked), r => ("", r.Sitting.Id)), ct);
    }
}
