using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Webhooks;

/// <summary>
/// Standard Webhooks (https://www.standardwebhooks.com): the secret is <c>whsec_</c> and base64 of random bytes; each
/// request carries <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>,
/// <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> under the secret's bytes.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}

/// <summary>
/// Sends one attempt of a delivery and says what came of it; it never throws for the receiver's sake (only when the
/// service is stopping). The HTTP client follows no redirect, uses no proxy, gives up after the configured timeout,
/// and connects only to addresses it has checked itself at that moment (<see cref="ConnectAsync"/>), so a name that
/// resolved to a public address when the webhook was registered cannot be re-pointed at the service's own network.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    /// <summary>Posts <paramref name="body"/>, the change <paramref name="changeId"/>, to <paramref name="url"/>, signed with <paramref name="secret"/>.</summary>
    public async Task<AttemptResult> SendAsync(string url, string secret, Guid changeId, string body, CancellationToken ct)
    {
        var id = changeId.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, id, timestamp, body));

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            return new AttemptResult(succeeded, status, Stopwatch.GetElapsedTime(started), succeeded ? null : $"The receiver answered {status} {response.ReasonPhrase}.".Replace("  ", " ", StringComparison.Ordinal));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(false, null, Stopwatch.GetElapsedTime(started), "No answer within the time limit.");
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is WebhookAddressRefusedException refused
                ? $"Refused to connect: {refused.Message}"
                : $"Could not reach the receiver: {e.Message}";
            return new AttemptResult(false, null, Stopwatch.GetElapsedTime(started), reason);
        }
    }

    /// <summary>
    /// Opens every connection the webhook client makes: resolves the host, refuses it if any address is not public
    /// (unless private addresses are allowed), and connects to an address it checked — never resolving again.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var addresses = await WebhookAddresses.ResolveAsync(context.DnsEndPoint.Host, allowPrivate, ct);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
