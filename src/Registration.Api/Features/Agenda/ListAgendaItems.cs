using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Agenda;

public sealed class ListAgendaItemsRequest : PageRequest
{
    /// <summary>Only the items of this meeting (a code of the event's meetings), joint items included.</summary>
    [QueryParam]
    public string? Meeting { get; init; }
}

public sealed class ListAgendaItemsValidator : Validator<ListAgendaItemsRequest>
{
    public ListAgendaItemsValidator() => this.AddPageRules();
}

public sealed class ListAgendaItems(RegistrationDb db) : Endpoint<ListAgendaItemsRequest, Page<AgendaItemResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/agenda-items");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(Page<AgendaItemResponse>), 400, 404));
        Summary(s =>
        {
            s.Summary = "The event's agenda";
            s.Description = "Public, like the event: every agenda item of the event's meetings in the agenda's order (by number: 3, 4(a), 4(b), 10), "
                + "`?meeting=EMIC-14` for one meeting's (joint items included). Keyset-paginated with `limit` and `cursor`.";
        });
    }

    public override async Task HandleAsync(ListAgendaItemsRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);
        var query = db.AgendaItems.AsNoTracking().Where(a => a.EventId == eventId);
        if (req.Meeting is { } meeting)
        {
            query = query.Where(a => a.Meetings.Contains(meeting));
        }

        if (req.Cursor is not null)
        {
            var (key, id) = Keyset.Decode(req.Cursor);
            query = query.Where(a => string.Compare(a.SortKey, key) > 0 || (a.SortKey == key && a.Id > id));
        }

        var page = await query.OrderBy(a => a.SortKey).ThenBy(a => a.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, a => a.ToResponse(), a => (a.SortKey, a.Id)), ct);
    }
}
