using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegates;

public sealed class GetDelegate(RegistrationDb db) : EndpointWithoutRequest<DelegateResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegates/{delegateId:guid}");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(DelegateResponse), 401, 403, 404).WithETag());
        Summary(s =>
        {
            s.Summary = "Read a delegate";
            s.Description = Access.Rule + " " + Access.OwnDelegatesRule
                + " Unknown ids: `404 delegate-not-found`. The `ETag` header carries the version for `If-Match`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var found = await db.FindVisibleDelegateAsync(Route<Guid>("eventId"), Route<Guid>("delegateId"), User, ct);
        HttpContext.Response.SetETag(found.Version);
        await Send.OkAsync(found.ToResponse(), ct);
    }
}
