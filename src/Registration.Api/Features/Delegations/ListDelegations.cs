using System.ComponentModel;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Delegations;

public sealed class ListDelegationsRequest : PageRequest
{
    /// <summary>Only this State's delegation (ISO 3166-1 alpha-3).</summary>
    [QueryParam]
    [Description("Only this State's delegation (ISO 3166-1 alpha-3, upper case).")]
    public string? Country { get; init; }
}

public sealed class ListDelegationsValidator : Validator<ListDelegationsRequest>
{
    public ListDelegationsValidator()
    {
        this.AddPageRules();
        RuleFor(r => r.Country).Must(Countries.IsKnown).When(r => r.Country is not null)
            .WithMessage("country must be an upper-case ISO 3166-1 alpha-3 code, for example AUT.");
    }
}

public sealed class ListDelegations(RegistrationDb db) : Endpoint<ListDelegationsRequest, Page<DelegationResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(Page<DelegationResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List an event's delegations";
            s.Description = "The secretariat sees every delegation (filter with `country`); a delegation caller sees only its own. "
                + "Ordered by country code; keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListDelegationsRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);

        var query = db.Delegations.AsNoTracking().Where(d => d.EventId == eventId);
        var country = User.IsSecretariat() ? req.Country : User.DelegationCountry();
        if (country is not null)
        {
            query = query.Where(d => d.Country == country);
        }

        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor);
            query = query.Where(d => string.Compare(d.Country, after.Key) > 0);
        }

        var rows = await query.OrderBy(d => d.Country).Take(req.Take + 1).WithDelegateCount(db.Delegates).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, r => r.ToResponse(), r => (r.Delegation.Country, r.Delegation.Id)), ct);
    }
}
