using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Agenda;

public sealed class GetAgendaItem(RegistrationDb db) : EndpointWithoutRequest<AgendaItemResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/agenda-items/{agendaItemId:guid}");
        AllowAnonymous();
        Description(d => d.Documented(200, typeof(AgendaItemResponse), 404));
        Summary(s =>
        {
            s.Summary = "Read an agenda item";
            s.Description = "Public, like the event. `404 agenda-item-not-found` for an unknown id.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync((await db.FindAgendaItemAsync(Route<Guid>("eventId"), Route<Guid>("agendaItemId"), ct)).ToResponse(), ct);
}
