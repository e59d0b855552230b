using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Sends bytes exactly as written to a server listening on a real port (Kestrel), for what HttpClient would not send
/// or would tidy up: a path with %00, a request without Content-Type, a body cut short.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? ContentType => Headers.GetValueOrDefault("content-type");

        public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
    }

    /// <summary>Sends the request head (lines without the final blank line) and body; reads the whole answer.</summary>
    public static async Task<Answer> SendAsync(Uri server, string head, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var request = $"{head}\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(received, timeout.Token);
        return Parse(received.ToArray());
    }

    /// <summary>
    /// Sends the head and the first bytes of a longer body and, once <paramref name="beforeLeaving"/> has seen the server
    /// at work on it, drops the connection (RST), as a client that goes away mid-upload.
    /// </summary>
    public static async Task AbandonAsync(Uri server, string head, byte[] partOfBody, Func<Task> beforeLeaving, bool reset = true)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes($"{head}\r\nHost: {server.Authority}\r\n\r\n"));
        await stream.WriteAsync(partOfBody);
        await stream.FlushAsync();
        await beforeLeaving();
        if (reset)
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        else
        {
            client.Client.Shutdown(SocketShutdown.Send); // the body ends early, the connection stays half open
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static Answer Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = text[(split + 4)..];
        if (headers.GetValueOrDefault("transfer-encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Dechunk(body);
        }

        return new Answer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var end = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..end].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            result.Append(body, end + 2, size);
            at = end + 2 + size + 2;
        }

        return result.ToString();
    }
}
