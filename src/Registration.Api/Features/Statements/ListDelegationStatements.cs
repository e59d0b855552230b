using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Statements;

public sealed class ListDelegationStatementsRequest : PageRequest;

public sealed class ListDelegationStatementsValidator : Validator<ListDelegationStatementsRequest>
{
    public ListDelegationStatementsValidator() => this.AddPageRules();
}

public sealed class ListDelegationStatements(RegistrationDb db) : Endpoint<ListDelegationStatementsRequest, Page<StatementResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations/{delegationId:guid}/statements");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(Page<StatementResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List a delegation's statements, every version";
            s.Description = "Oldest first, keyset-paginated with `limit` and `cursor`. " + StatementAccess.Rule;
        });
    }

    public override async Task HandleAsync(ListDelegationStatementsRequest req, CancellationToken ct)
    {
        var delegation = await db.FindActingDelegationAsync(Route<Guid>("eventId"), Route<Guid>("delegationId"), User, ct);
        var query = db.Statements.AsNoTracking().Where(s => s.DelegationId == delegation.Id);
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(s => s.Id > after);
        }

        var page = await query.OrderBy(s => s.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, s => s.ToResponse(), s => ("", s.Id)), ct);
    }
}
