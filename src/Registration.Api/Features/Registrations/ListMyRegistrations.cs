using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Features.Delegates;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Registrations;

public sealed class ListMyRegistrationsRequest : PageRequest;

public sealed class ListMyRegistrationsValidator : Validator<ListMyRegistrationsRequest>
{
    public ListMyRegistrationsValidator() => this.AddPageRules();
}

public sealed class ListMyRegistrations(RegistrationDb db) : Endpoint<ListMyRegistrationsRequest, Page<DelegateResponse>>
{
    public override void Configure()
    {
        Get("/me/registrations");
        Roles(Role.Participant);
        Description(d => d.Documented(200, typeof(Page<DelegateResponse>), 400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List your own registrations (participant)";
            s.Description = "Participants only. Every delegate the caller registered themselves (token `sub`), in every event and "
                + "whatever their status, withdrawn ones included; ordered by id (UUIDv7, so by registration time to the "
                + "millisecond, oldest first); keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListMyRegistrationsRequest req, CancellationToken ct)
    {
        var subject = User.Subject();
        var query = db.Delegates.AsNoTracking().Where(d => d.ParticipantSubject == subject);
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(d => d.Id > after);
        }

        var page = await query.OrderBy(d => d.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, d => d.ToResponse(), d => ("", d.Id)), ct);
    }
}
