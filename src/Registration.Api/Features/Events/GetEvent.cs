using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Events;

public sealed class GetEvent(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<EventResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(EventResponse), 404));
        Summary(s =>
        {
            s.Summary = "Read an event";
            s.Description = "Open to anyone. `404 event-not-found` for an unknown id.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var found = await db.FindEventAsync(eventId, ct);
        await Send.OkAsync(found.ToResponse(clock.GetUtcNow()), ct);
    }
}
