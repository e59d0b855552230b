using System.Globalization;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Events;

public sealed class ListEventsRequest : PageRequest;

public sealed class ListEventsValidator : Validator<ListEventsRequest>
{
    public ListEventsValidator() => this.AddPageRules();
}

public sealed class ListEvents(RegistrationDb db, TimeProvider clock) : Endpoint<ListEventsRequest, Page<EventResponse>>
{
    public override void Configure()
    {
        Get("/events");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(Page<EventResponse>), 400));
        Summary(s =>
        {
            s.Summary = "List events";
            s.Description = "Open to anyone. Newest start date first; keyset-paginated with `limit` and `cursor`.";
        });
    }

    public override async Task HandleAsync(ListEventsRequest req, CancellationToken ct)
    {
        var query = db.Events.AsNoTracking();
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor);
            if (!DateOnly.TryParseExact(after.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw DomainFailure.Invalid("cursor", "cursor does not belong to this list; start again without it.");
            }

            query = query.Where(e => e.StartDate < day || (e.StartDate == day && e.Id < after.Id));
        }

        var fetched = await query
            .OrderByDescending(e => e.StartDate).ThenByDescending(e => e.Id)
            .Take(req.Take + 1)
            .ToListAsync(ct);

        var now = clock.GetUtcNow();
        await Send.OkAsync(
            Keyset.ToPage(fetched, req.Take, e => e.ToResponse(now), e => (e.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), e.Id)),
            ct);
    }
}
