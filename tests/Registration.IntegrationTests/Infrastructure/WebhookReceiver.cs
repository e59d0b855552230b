using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel on a loopback port) that receives webhooks, keeps every request as it arrived, and
/// answers as the test tells it: a status per request (<see cref="Answer"/>), or not before the test lets it
/// (<see cref="Hold"/>).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Received> received = new();
    private readonly SemaphoreSlim arrivals = new(0);
    private TaskCompletionSource? held;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>One request, as received.</summary>
    public sealed record Received(string Id, string Timestamp, string Signature, string Body, int AnsweredWith)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

        /// <summary>Verifies the Standard Webhooks signature the way a receiver's library does, independently of the API's code.</summary>
        public bool SignedWith(string secret)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
            return Signature.Split(' ').Any(s => s == $"v1,{expected}");
        }
    }

    /// <summary>The status to answer the request numbered n (1, 2, ...) with; 204 unless told otherwise.</summary>
    public Func<int, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.NoContent;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<Received> Requests => [.. received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/hooks", receiver.ReceiveAsync);
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/hooks");
        return receiver;
    }

    /// <summary>From now on requests wait, unanswered, until <see cref="Release"/> (or until the sender gives up).</summary>
    public void Hold() => held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref held, null)?.TrySetResult();

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived (answered or held).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (arrivalCount < count)
        {
            try
            {
                await arrivals.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}: {arrivalCount} of {count} requests arrived.");
            }
        }

        return Requests;
    }

    private int arrivalCount;

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var number = Interlocked.Increment(ref arrivalCount);
        var status = Answer(number);
        var request = new Received(
            context.Request.Headers["webhook-id"].ToString(),
            context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(),
            body,
            (int)status);
        if (held is { } wait)
        {
            arrivals.Release();
            await Task.WhenAny(wait.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
            if (context.RequestAborted.IsCancellationRequested)
            {
                received.Enqueue(request with { AnsweredWith = 0 });
                return;
            }

            received.Enqueue(request);
        }
        else
        {
            received.Enqueue(request);
            arrivals.Release();
        }

        context.Response.StatusCode = (int)status;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.StopAsync();
        await app.DisposeAsync();
        arrivals.Dispose();
    }
}

/// <summary>Webhook subscriptions and the jobs that deliver them, driven the way the tests need.</summary>
public static class Webhooks
{
    /// <summary>Subscribes <paramref name="url"/> to these change types (of one event, or of all); returns the id and the secret.</summary>
    public static async Task<(Guid Id, string Secret)> SubscribeAsync(this ApiFactory api, Uri url, string[] types, Guid? eventId)
    {
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/webhooks", new { url = url.ToString(), types, eventId });
        var created = await response.ShouldHaveAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);
    }

    /// <summary>Runs the sweep that starts every delivery due by the application's clock (what the recurring job does each minute).</summary>
    public static async Task<int> SendDueWebhooksAsync(this ApiFactory api)
    {
        using var scope = api.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Registration.Api.Jobs.SendDueWebhooks>().RunAsync(CancellationToken.None);
    }

    /// <summary>The deliveries log of a subscription, newest first.</summary>
    public static async Task<List<JsonElement>> DeliveriesAsync(this ApiFactory api, Guid webhookId) =>
        [.. (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/webhooks/{webhookId}/deliveries?limit=200")).GetProperty("items").EnumerateArray()];

    /// <summary>Waits until the outlets have taken every committed change (the dispatcher runs on servers that process jobs).</summary>
    public static Task DispatchedAsync(this ApiFactory api) =>
        Eventually.Async(() => api.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE dispatched_at IS NULL"), n => n == 0, "the outbox to be dispatched");
}
