using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>The service reaching its database through a proxy that the test can cut (<see cref="TcpProxy.Down"/>).</summary>
public class ProxiedDatabaseApi : LoggedApi
{
    private TcpProxy? proxy;

    public TcpProxy Proxy => proxy!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        proxy = new TcpProxy(direct.Host!, direct.Port);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var proxied = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = Proxy.Port, Timeout = 3 };
        builder.UseSetting("ConnectionStrings:Registration", proxied.ConnectionString);
    }
}
