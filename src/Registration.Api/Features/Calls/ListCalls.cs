using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Calls;

public sealed class ListCallsRequest : PageRequest;

public sealed class ListCallsValidator : Validator<ListCallsRequest>
{
    public ListCallsValidator() => this.AddPageRules();
}

public sealed class ListCalls(RegistrationDb db, TimeProvider clock) : Endpoint<ListCallsRequest, Page<CallResponse>>
{
    public override void Configure()
    {
        Get("/calls");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(Page<CallResponse>), 400));
        Summary(s =>
        {
            s.Summary = "List the calls for contributions";
            s.Description = "Anyone. Newest first; keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListCallsRequest req, CancellationToken ct)
    {
        var query = db.Calls.AsNoTracking();
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(c => c.Id.CompareTo(after) < 0);
        }

        var now = clock.GetUtcNow();
        var rows = await query.OrderByDescending(c => c.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, c => c.ToResponse(now), c => ("", c.Id)), ct);
    }
}
