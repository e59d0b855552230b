using System.ComponentModel;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Webhooks;

public sealed class ListWebhookDeliveriesRequest : PageRequest
{
    [QueryParam]
    [Description("Only deliveries with this status.")]
    public DeliveryStatus? Status { get; init; }
}

public sealed class ListWebhookDeliveriesValidator : Validator<ListWebhookDeliveriesRequest>
{
    public ListWebhookDeliveriesValidator() => this.AddPageRules();
}

public sealed class ListWebhookDeliveries(RegistrationDb db) : Endpoint<ListWebhookDeliveriesRequest, Page<WebhookDeliveryResponse>>
{
    public override void Configure()
    {
        Get("/webhooks/{webhookId:guid}/deliveries");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<WebhookDeliveryResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "The deliveries log of a webhook subscription (secretariat)";
            s.Description = "Every change sent or to be sent to the subscription, newest first, each with every attempt: when, the "
                + "outcome, the receiver's HTTP status, the latency and, for a failure, why. Keyset-paginated with `limit` and `cursor`; "
                + "`status` filters.";
        });
    }

    public override async Task HandleAsync(ListWebhookDeliveriesRequest req, CancellationToken ct)
    {
        var webhookId = Route<Guid>("webhookId");
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == webhookId, ct))
        {
            throw WebhookMapping.WebhookNotFound(webhookId);
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == webhookId);
        if (req.Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }

        if (req.Cursor is not null)
        {
            var before = Keyset.Decode(req.Cursor).Id;
            query = query.Where(d => d.Id < before);
        }

        // One statement, so one snapshot: a delivery and its attempts as they stood together (an attempt logged between
        // two queries would otherwise show beside the delivery's state from before it).
        var fetched = await (
                from d in query
                join o in db.Outbox on d.ChangeId equals o.Id
                orderby d.Id descending
                select new
                {
                    Delivery = d,
                    o.Type,
                    o.EventId,
                    Attempts = db.WebhookAttempts.Where(a => a.DeliveryId == d.Id).OrderBy(a => a.Number).ToList(),
                })
            .Take(req.Take + 1)
            .ToListAsync(ct);

        await Send.OkAsync(
            Keyset.ToPage(
                fetched,
                req.Take,
                f => new WebhookDeliveryResponse(
                    f.Delivery.Id,
                    f.Delivery.ChangeId,
                    f.Type,
                    f.EventId,
                    f.Delivery.Status,
                    f.Delivery.NextAttemptAt?.ToUniversalTime(),
                    f.Delivery.CreatedAt.ToUniversalTime(),
                    [.. f.Attempts.Select(a => a.ToResponse())]),
                f => ("", f.Delivery.Id)),
            ct);
    }
}
