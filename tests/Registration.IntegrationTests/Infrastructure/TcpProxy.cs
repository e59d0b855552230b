using System.Net;
using System.Net.Sockets;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// Forwards TCP connections to PostgreSQL and can play an outage: while <see cref="Down"/>, open connections are cut
/// and new ones are closed as soon as they are accepted, the way a restarting server or a broken network behaves.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<TcpClient> open = [];
    private readonly Task accepting;
    private volatile bool down;
    private int refused;

    public TcpProxy(string targetHost, int targetPort)
    {
        (this.targetHost, this.targetPort) = (targetHost, targetPort);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>How many connections were closed unanswered because they came while <see cref="Down"/>.</summary>
    public int Refused => Volatile.Read(ref refused);

    public bool Down
    {
        get => down;
        set
        {
            down = value;
            if (value)
            {
                lock (open)
                {
                    open.ForEach(client => client.Dispose());
                    open.Clear();
                }
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (down)
            {
                Interlocked.Increment(ref refused);
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        lock (open)
        {
            open.Add(client);
            open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(targetHost, targetPort, stopping.Token);
            var one = client.GetStream().CopyToAsync(upstream.GetStream(), stopping.Token);
            var other = upstream.GetStream().CopyToAsync(client.GetStream(), stopping.Token);
            await Task.WhenAny(one, other);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // the outage, or the end of the test
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Down = true;
        await accepting;
        stopping.Dispose();
    }
}
