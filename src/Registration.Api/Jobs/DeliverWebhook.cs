using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Changes;
using Registration.Api.Platform.Json;
using Registration.Api.Platform.Outbox;
using Registration.Api.Platform.Webhooks;

namespace Registration.Api.Jobs;

/// <summary>Starts and schedules the attempts of webhook deliveries.</summary>
public interface IWebhookDeliveries
{
    /// <summary>An attempt now, for each of these deliveries.</summary>
    void Start(IEnumerable<Guid> deliveryIds);

    /// <summary>The next attempt of a delivery, at <paramref name="at"/> by the application's clock.</summary>
    void Retry(Guid deliveryId, DateTimeOffset at);
}

/// <summary>
/// Hangfire, with the jobs in PostgreSQL, on their own queue and workers (<see cref="DeliverWebhook.Queue"/>): a slow
/// receiver holds a webhook worker for the timeout at most, never the API's requests nor the other jobs.
/// </summary>
internal sealed class HangfireWebhookDeliveries(IBackgroundJobClient jobs, TimeProvider clock) : IWebhookDeliveries
{
    public void Start(IEnumerable<Guid> deliveryIds)
    {
        foreach (var id in deliveryIds)
        {
            jobs.Enqueue<DeliverWebhook>(job => job.RunAsync(id, CancellationToken.None));
        }
    }

    public void Retry(Guid deliveryId, DateTimeOffset at)
    {
        var delay = at - clock.GetUtcNow();
        jobs.Schedule<DeliverWebhook>(job => job.RunAsync(deliveryId, CancellationToken.None), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }
}

/// <summary>The webhooks outlet of the outbox: one delivery per committed change and subscription that wants it.</summary>
internal sealed class WebhookOutlet(IWebhookDeliveries deliveries) : IOutboxOutlet
{
    public async Task<Action?> RecordAsync(RegistrationDb db, IReadOnlyList<OutboxEntry> changes, DateTimeOffset now, CancellationToken ct)
    {
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Status == WebhookStatus.Active).ToListAsync(ct);
        List<Guid> scheduled = [];
        foreach (var change in changes)
        {
            foreach (var subscription in subscriptions.Where(s => s.Wants(change)))
            {
                var delivery = WebhookDelivery.For(subscription, change, now);
                db.WebhookDeliveries.Add(delivery);
                scheduled.Add(delivery.Id);
            }
        }

        return scheduled.Count == 0 ? null : () => deliveries.Start(scheduled);
    }
}

/// <summary>
/// One attempt of one delivery. At least once, never twice at the same moment: the attempt first takes the delivery's
/// lease with one conditional UPDATE (still pending, due, not held by another sender), so a duplicate job — the sweep's,
/// a retry's, one left by a stopped instance — finds nothing to do. The same <c>webhook-id</c> goes out on every attempt;
/// the timestamp and signature are made anew. After the attempt, the delivery and its subscription are updated in one
/// transaction: a failure schedules the next attempt on the back-off, and a subscription that has failed for 24 hours
/// is paused.
/// </summary>
public sealed class DeliverWebhook(RegistrationDb db, TimeProvider clock, WebhookSender sender, WebhookRules rules, IWebhookDeliveries deliveries)
{
    public const string Queue = "webhooks";

    private static readonly JsonSerializerOptions Json = JsonSetup.Create();

    /// <summary>How long a sender holds a delivery beyond the attempt's timeout, should its process die mid-attempt (real time).</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromMinutes(1);

    [Queue(Queue)]
    [AutomaticRetry(Attempts = 0)] // the delivery's own back-off retries it
    public async Task RunAsync(Guid deliveryId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();

        // Due by the application's clock; the lease by the database's (DateTimeOffset.UtcNow is PostgreSQL's now()): it
        // is about a sender that died mid-attempt, a matter of real time on the server, the same for every instance.
        var leaseFor = rules.Timeout + LeaseMargin;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
                && (d.LeaseUntil == null || d.LeaseUntil <= DateTimeOffset.UtcNow))
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.LeaseUntil, d => DateTimeOffset.UtcNow + leaseFor), ct);
        if (claimed == 0)
        {
            return; // not due, done, or in another sender's hands
        }

        var work = await (
                from d in db.WebhookDeliveries.AsNoTracking()
                join s in db.WebhookSubscriptions.AsNoTracking() on d.SubscriptionId equals s.Id
                join o in db.Outbox.AsNoTracking() on d.ChangeId equals o.Id
                where d.Id == deliveryId
                select new { s.Url, s.Secret, Change = o })
            .FirstOrDefaultAsync(ct);
        if (work is null)
        {
            return; // the subscription was deleted meanwhile
        }

        AttemptResult result;
        try
        {
            result = await sender.SendAsync(work.Url, work.Secret, work.Change.Id, JsonSerializer.Serialize(ChangeResponse.From(work.Change), Json), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The service is stopping: let the next instance (or this one, restarted) attempt it at once.
            await db.WebhookDeliveries.Where(d => d.Id == deliveryId).ExecuteUpdateAsync(set => set.SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }

        // The attempt was made: it is logged even if the service is stopping now.
        var retryAt = await RecordAsync(deliveryId, result, now, CancellationToken.None);
        if (retryAt is { } at)
        {
            deliveries.Retry(deliveryId, at);
        }
    }

    /// <summary>Records the attempt; returns when to try again, if the delivery is still pending.</summary>
    private Task<DateTimeOffset?> RecordAsync(Guid deliveryId, AttemptResult result, DateTimeOffset attemptedAt, CancellationToken ct) =>
        db.InTransactionAsync(async ct =>
        {
            // The subscription's lock, then the delivery's (as every writer takes them): attempts of one subscription record
            // one after the other, and a replay asked for meanwhile is not lost.
            await db.Database.ExecuteSqlAsync(
                $"SELECT 1 FROM webhook_subscriptions WHERE id = (SELECT subscription_id FROM webhook_deliveries WHERE id = {deliveryId}) FOR UPDATE", ct);
            var delivery = (await db.WebhookDeliveries.FromSql($"SELECT * FROM webhook_deliveries WHERE id = {deliveryId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
            if (delivery is null)
            {
                return null; // the subscription was deleted meanwhile
            }

            delivery.Record(result, attemptedAt);
            var now = clock.GetUtcNow();
            var subscription = db.WebhookSubscriptions.Where(s => s.Id == delivery.SubscriptionId);
            if (result.Succeeded)
            {
                await subscription.Where(s => s.FailingSince != null).ExecuteUpdateAsync(set => set.SetProperty(s => s.FailingSince, (DateTimeOffset?)null), ct);
            }
            else
            {
                // Conditional UPDATEs under the lock, not a tracked entity with a version to conflict on.
                await subscription.ExecuteUpdateAsync(set => set.SetProperty(s => s.FailingSince, s => s.FailingSince ?? attemptedAt), ct);
                await subscription
                    .Where(s => s.Status == WebhookStatus.Active && s.FailingSince <= now - WebhookSubscription.PauseAfter)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, WebhookStatus.Paused).SetProperty(s => s.PausedAt, now), ct);
                if (await subscription.AnyAsync(s => s.Status == WebhookStatus.Paused, ct))
                {
                    // Paused (now, or by another attempt meanwhile): nothing more goes out to it, this delivery included,
                    // until the secretariat resumes it.
                    delivery.GiveUp();
                    await db.WebhookDeliveries
                        .Where(d => d.SubscriptionId == delivery.SubscriptionId && d.Id != deliveryId && d.Status == DeliveryStatus.Pending)
                        .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), ct);
                }
            }

            await db.SaveChangesAsync(ct);
            return delivery.Status == DeliveryStatus.Pending ? delivery.NextAttemptAt : null;
        }, ct);
}

/// <summary>
/// Finds deliveries that are due and not being attempted, and starts them: the retries whose scheduled job was lost, and
/// everything a stopped or crashed instance left. Runs every minute and once at start-up.
/// </summary>
public sealed class SendDueWebhooks(RegistrationDb db, TimeProvider clock, IWebhookDeliveries deliveries)
{
    public const string RecurringJobId = "send-due-webhooks";
    public const int BatchSize = 500;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= DateTimeOffset.UtcNow))
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(BatchSize)
            .ToListAsync(ct);
        deliveries.Start(due);
        return due.Count;
    }
}

/// <summary>Registers the sweep and runs it once at start-up, on servers that process jobs.</summary>
internal sealed class WebhookJobsStartup(IRecurringJobManager recurring, IBackgroundJobClient jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<SendDueWebhooks>(SendDueWebhooks.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        jobs.Enqueue<SendDueWebhooks>(job => job.RunAsync(CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
