using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegations;

public sealed class GetDelegation(RegistrationDb db) : EndpointWithoutRequest<DelegationResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations/{delegationId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(DelegationResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a delegation";
            s.Description = Access.Rule + " Unknown ids: `404 delegation-not-found`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var delegationId = Route<Guid>("delegationId");
        var row = await db.Delegations.AsNoTracking()
            .Where(d => d.Id == delegationId && d.EventId == eventId)
            .WithDelegateCount(db.Delegates)
            .FirstOrDefaultAsync(ct);
        if (row is null || !User.MaySee(row.Delegation.Country))
        {
            throw Access.DelegationNotFound(delegationId);
        }

        await Send.OkAsync(row.ToResponse(), ct);
    }
}
