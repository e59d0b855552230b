using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Webhooks;

public sealed class GetWebhook(RegistrationDb db) : EndpointWithoutRequest<WebhookResponse>
{
    public override void Configure()
    {
        Get("/webhooks/{webhookId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(WebhookResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a webhook subscription (secretariat)";
            s.Description = "Its URL, types, status and since when it fails, if it does; never its secret. `404 webhook-not-found` for an unknown id.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<Guid>("webhookId");
        var found = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw WebhookMapping.WebhookNotFound(id);
        await Send.OkAsync(found.ToResponse(), ct);
    }
}
