using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

public sealed class GetContribution(RegistrationDb db) : EndpointWithoutRequest<ContributionResponse>
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}/contributions/{contributionId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(ContributionResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a contribution";
            s.Description = CallAccess.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var contribution = await db.FindVisibleContributionAsync(Route<Guid>("callId"), Route<Guid>("contributionId"), User, ct);
        await Send.OkAsync(await contribution.ToResponseAsync(db, ct), ct);
    }
}
