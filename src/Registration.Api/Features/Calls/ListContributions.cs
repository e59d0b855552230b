using System.ComponentModel;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Calls;

public sealed class ListContributionsRequest : PageRequest
{
    [QueryParam]
    [Description("Only this State's contributions (the secretariat; a delegation sees only its own anyway).")]
    public string? Country { get; init; }

    [QueryParam]
    [Description("Only contributions on this topic (its code).")]
    public string? Topic { get; init; }
}

public sealed class ListContributionsValidator : Validator<ListContributionsRequest>
{
    public ListContributionsValidator() => this.AddPageRules();
}

public sealed class ListContributions(RegistrationDb db) : Endpoint<ListContributionsRequest, Page<ContributionResponse>>
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}/contributions");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(Page<ContributionResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List a call's contributions";
            s.Description = "The secretariat sees every contribution, published or withheld (filter with `country`, `topic`); a delegation its own State's. "
                + "Oldest first; keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListContributionsRequest req, CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        await db.FindCallAsync(callId, ct);
        var query = db.Contributions.AsNoTracking().Where(c => c.CallId == callId);
        var country = User.IsSecretariat() ? req.Country : User.DelegationCountry();
        if (country is not null)
        {
            query = query.Where(c => c.Country == country);
        }

        if (req.Topic is not null)
        {
            query = query.Where(c => c.Topic == req.Topic);
        }

        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(c => c.Id.CompareTo(after) > 0);
        }

        var rows = await query.OrderBy(c => c.Id).Take(req.Take + 1).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var files = (await db.ContributionFiles.AsNoTracking().Where(f => ids.Contains(f.ContributionId)).ToListAsync(ct)).ToLookup(f => f.ContributionId);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, c => c.ToResponse(files[c.Id]), c => ("", c.Id)), ct);
    }
}
