using System.Net;
using System.Net.Sockets;

namespace Registration.Api.Platform.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Only <c>https</c> URLs. Always outside Development; Development allows <c>http</c> unless this says otherwise.</summary>
    public bool? RequireHttps { get; set; }

    /// <summary>Loopback, private and link-local receivers. Never outside Development; Development allows them (a local receiver) unless this says otherwise.</summary>
    public bool? AllowPrivateAddresses { get; set; }

    /// <summary>How long one attempt may take, connecting included (default 10 s): a slow receiver holds a sender no longer.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Hangfire workers sending webhooks, apart from the other jobs' (default 4).</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>The rules in force in <paramref name="environment"/>; refuses settings that would open the service to SSRF in production.</summary>
    public WebhookRules Resolve(IHostEnvironment environment)
    {
        var development = environment.IsDevelopment();
        if (!development && (RequireHttps == false || AllowPrivateAddresses == true))
        {
            throw new InvalidOperationException(
                $"{Section}:RequireHttps=false and {Section}:AllowPrivateAddresses=true are for Development only: outside it webhooks go to public https addresses alone.");
        }

        if (!double.IsFinite(TimeoutSeconds) || TimeoutSeconds is <= 0 or > 60 || WorkerCount is < 1 or > 50)
        {
            throw new InvalidOperationException($"{Section}:TimeoutSeconds must be between 0 and 60 and {Section}:WorkerCount between 1 and 50.");
        }

        return new WebhookRules(RequireHttps ?? !development, AllowPrivateAddresses ?? development, TimeSpan.FromSeconds(TimeoutSeconds), WorkerCount);
    }
}

/// <summary>Where webhooks may go, and how long an attempt may take.</summary>
public sealed record WebhookRules(bool RequireHttps, bool AllowPrivateAddresses, TimeSpan Timeout, int WorkerCount);

/// <summary>
/// Server-side request forgery: a webhook URL is the secretariat's to choose, but the server must not be made to call
/// itself, its network or the cloud's metadata service. Only globally routable unicast addresses are public.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Whether the service may connect to <paramref name="address"/> when private addresses are not allowed.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(bytes),
            AddressFamily.InterNetworkV6 => IsPublicV6(address, bytes),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] is 0 or 10 or 127 or >= 224                   // "this" network, private, loopback, multicast and reserved
        || (b[0] == 100 && b[1] is >= 64 and <= 127)       // shared address space (carrier-grade NAT)
        || (b[0] == 169 && b[1] == 254)                    // link-local, cloud metadata services
        || (b[0] == 172 && b[1] is >= 16 and <= 31)        // private
        || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)    // IETF protocol assignments, documentation
        || (b[0] == 192 && b[1] == 168)                    // private
        || (b[0] == 198 && b[1] is 18 or 19)               // benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)      // documentation
        || (b[0] == 203 && b[1] == 0 && b[2] == 113));     // documentation

    private static bool IsPublicV6(IPAddress address, byte[] b)
    {
        // IPv4 carried in IPv6 (NAT64 64:ff9b::/96, 6to4 2002::/16): judged by the IPv4 address inside.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsPublicV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]);
        }

        return !(IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
            || (b[0] & 0xe0) != 0x20                        // only global unicast 2000::/3 (no ULA fc00::/7, link-local fe80::/10, multicast, ...)
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)  // documentation 2001:db8::/32
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)); // Teredo 2001::/32 (tunnels to anywhere)
    }

    /// <summary>Names that are this machine by definition (RFC 6761), whatever DNS says.</summary>
    public static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The addresses to connect to for <paramref name="host"/>, all of them public unless <paramref name="allowPrivate"/>;
    /// a name with any address that is not public is refused whole (a record set may mix them to slip one past).
    /// </summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, bool allowPrivate, CancellationToken ct)
    {
        var bare = host.Trim('[', ']');
        if (!allowPrivate && IsLocalName(bare))
        {
            throw new WebhookAddressRefusedException($"{host} is this machine.");
        }

        var addresses = IPAddress.TryParse(bare, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(bare, ct);
        if (!allowPrivate && addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused)
        {
            throw new WebhookAddressRefusedException(
                refused.ToString() == bare ? $"{refused} is not a public address." : $"{host} resolves to {refused}, which is not a public address.");
        }

        return addresses;
    }
}

/// <summary>A webhook's host is, or resolves to, an address the service must not call (loopback, private, link-local, ...).</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);
