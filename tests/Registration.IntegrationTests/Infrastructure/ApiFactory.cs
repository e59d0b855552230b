using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// The API in-process on its own fresh database, with a clock the tests move. One per test class (IClassFixture),
/// so test classes run in parallel.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>"Now" for every test, unless a test moves it: well before the sample event's deadline.</summary>
    public static readonly DateTimeOffset Start = new(2023, 7, 12, 9, 0, 0, TimeSpan.Zero);

    public TestClock Clock { get; } = new(Start);

    public string ConnectionString { get; private set; } = "";

    /// <summary>Classes that test the Hangfire job turn its server on.</summary>
    protected virtual bool RunsJobServer => false;

    public async Task InitializeAsync() => ConnectionString = await TestDatabases.CreateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestDatabases.DropAsync(ConnectionString);
    }

    public ApiClient Client() => new(CreateClient(), Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Registration", ConnectionString);
        builder.UseSetting("Hangfire:Server:Enabled", RunsJobServer ? "true" : "false");
        builder.UseSetting("Hangfire:Server:PollingSeconds", "1");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
