using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Webhooks;

public sealed class DeleteWebhook(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("/webhooks/{webhookId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(204, null, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Delete a webhook subscription (secretariat)";
            s.Description = "Nothing more is sent to it, pending retries included, and its deliveries log goes with it. "
                + "`404 webhook-not-found` for an unknown id (or one deleted already).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<Guid>("webhookId");
        if (await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(ct) == 0)
        {
            throw WebhookMapping.WebhookNotFound(id);
        }

        await Send.NoContentAsync(ct);
    }
}
