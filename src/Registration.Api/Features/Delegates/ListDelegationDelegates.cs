using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Delegates;

public sealed class ListDelegationDelegatesRequest : PageRequest;

public sealed class ListDelegationDelegatesValidator : Validator<ListDelegationDelegatesRequest>
{
    public ListDelegationDelegatesValidator() => this.AddPageRules();
}

public sealed class ListDelegationDelegates(RegistrationDb db) : Endpoint<ListDelegationDelegatesRequest, Page<DelegateResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations/{delegationId:guid}/delegates");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(Page<DelegateResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List a delegation's delegates";
            s.Description = "Every delegate of the delegation, whatever their status, ordered by id (UUIDv7, so by registration time to the millisecond); keyset-paginated. " + Access.Rule;
        });
    }

    public override async Task HandleAsync(ListDelegationDelegatesRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var delegation = await db.FindVisibleDelegationAsync(eventId, Route<Guid>("delegationId"), User, ct);

        var query = db.Delegates.AsNoTracking().Where(d => d.DelegationId == delegation.Id);
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(d => d.Id > after);
        }

        var page = await query.OrderBy(d => d.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, d => d.ToResponse(), d => ("", d.Id)), ct);
    }
}
