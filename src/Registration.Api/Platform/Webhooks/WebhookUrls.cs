using System.Net.Sockets;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Webhooks;

/// <summary>Which webhook URLs the secretariat may register; deliveries check the addresses again at every connection.</summary>
public sealed class WebhookUrls(WebhookRules rules)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>An absolute http(s) URL with a host, without credentials or fragment.</summary>
    public static bool IsWellFormed(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0
        && uri.Fragment.Length == 0;

    /// <summary>
    /// Refuses (<c>400</c> naming <c>url</c>) a plain-http URL where https is required, and a host that is, or resolves to,
    /// an address that is not public where private addresses are not allowed. A name that does not resolve now is
    /// accepted: every delivery resolves and checks it again.
    /// </summary>
    public async Task EnsureAllowedAsync(string url, CancellationToken ct)
    {
        var uri = new Uri(url, UriKind.Absolute);
        if (rules.RequireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw DomainFailure.Invalid("url", "url must use https.");
        }

        if (rules.AllowPrivateAddresses)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            await WebhookAddresses.ResolveAsync(uri.Host, allowPrivate: false, timeout.Token);
        }
        catch (WebhookAddressRefusedException refused)
        {
            throw DomainFailure.Invalid("url", $"url must point to a public address: {refused.Message}");
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Not resolvable now: checked again at each delivery.
        }
    }
}
