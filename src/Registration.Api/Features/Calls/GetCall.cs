using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

public sealed class GetCall(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<CallResponse>
{
    public override void Configure()
    {
        Get("/calls/{callId:guid}");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(CallResponse), 404));
        Summary(s =>
        {
            s.Summary = "Read a call for contributions";
            s.Description = "Anyone: a call is public, as the note sent to every mission is. `status` is `closed` from the deadline on. Unknown ids: `404 call-not-found`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync((await db.FindCallAsync(Route<Guid>("callId"), ct)).ToResponse(clock.GetUtcNow()), ct);
}
