using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Webhooks;

public sealed class ResumeWebhook(RegistrationDb db) : EndpointWithoutRequest<WebhookResponse>
{
    public override void Configure()
    {
        Post("/webhooks/{webhookId:guid}/resume");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(WebhookResponse), 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Resume a paused webhook subscription (secretariat)";
            s.Description = "Changes committed from now on are sent again. Those that fell into the pause are not: replay a delivery "
                + "(`POST .../deliveries/{deliveryId}/replay`), or read them from the change feed. An active subscription: "
                + "`409 invalid-transition`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var id = Route<Guid>("webhookId");
        var subscription = await db.InTransactionAsync(async ct =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM webhook_subscriptions WHERE id = {id} FOR UPDATE", ct);
            var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw WebhookMapping.WebhookNotFound(id);
            subscription.Resume();
            await db.SaveChangesAsync(ct);
            return subscription;
        }, ct);

        await Send.OkAsync(subscription.ToResponse(), ct);
    }
}
