using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Webhooks;

/// <summary>The replay asked for.</summary>
/// <param name="DeliveryId">The delivery.</param>
/// <param name="ChangeId">The change it sends again, with the same <c>webhook-id</c>.</param>
/// <param name="NextAttemptAt">When the attempt is due: now (UTC).</param>
public sealed record ReplayResponse(Guid DeliveryId, Guid ChangeId, DateTimeOffset NextAttemptAt);

public sealed class ReplayWebhookDelivery(RegistrationDb db, TimeProvider clock, IWebhookDeliveries deliveries) : EndpointWithoutRequest<ReplayResponse>
{
    public override void Configure()
    {
        Post("/webhooks/{webhookId:guid}/deliveries/{deliveryId:guid}/replay");
        Roles(Role.Secretariat);
        Description(d => d.Documented(202, typeof(ReplayResponse), 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Send a delivered (or failed) change again (secretariat)";
            s.Description = "For a receiver that lost what it was sent, or one that is back after its deliveries failed: the change "
                + "goes out again now, with the same `webhook-id` and a fresh timestamp and signature, and should the receiver fail, "
                + "on the usual back-off. The attempt appears in the deliveries log marked `replay`. A paused subscription: resume it "
                + "first (`409 webhook-paused`). `404 webhook-not-found` or `delivery-not-found` for unknown ids.";
            s.Responses[StatusCodes.Status202Accepted] = "The attempt is scheduled for now.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var webhookId = Route<Guid>("webhookId");
        var deliveryId = Route<Guid>("deliveryId");
        var delivery = await db.InTransactionAsync(async ct =>
        {
            // The subscription's lock, then the delivery's, as a sender recording an attempt takes them.
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM webhook_subscriptions WHERE id = {webhookId} FOR UPDATE", ct);
            var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == webhookId, ct)
                ?? throw WebhookMapping.WebhookNotFound(webhookId);
            var delivery = (await db.WebhookDeliveries
                    .FromSql($"SELECT * FROM webhook_deliveries WHERE id = {deliveryId} AND subscription_id = {webhookId} FOR UPDATE")
                    .ToListAsync(ct)).SingleOrDefault()
                ?? throw DomainFailure.NotFound(ErrorCodes.DeliveryNotFound, $"There is no delivery {deliveryId} for this webhook.");
            if (subscription.Status == WebhookStatus.Paused)
            {
                throw DomainFailure.Conflict(ErrorCodes.WebhookPaused, "The webhook is paused: resume it first, then replay.");
            }

            delivery.Replay(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return delivery;
        }, ct);

        deliveries.Start([delivery.Id]);
        await Send.ResponseAsync(new ReplayResponse(delivery.Id, delivery.ChangeId, delivery.NextAttemptAt!.Value.ToUniversalTime()), StatusCodes.Status202Accepted, ct);
    }
}
