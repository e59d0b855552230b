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

    /// <summary>This instance's file store (<c>Files:Root</c>): a fresh folder, removed with the factory.</summary>
    public string FilesRoot { get; } = Path.Combine(Path.GetTempPath(), $"registration-files-{Guid.NewGuid():N}");

    /// <summary>Configuration a test class sets for its own instance of the service (key: value, as in appsettings).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>Classes that test the Hangfire job turn its server on.</summary>
    protected virtual bool RunsJobServer => false;

    /// <summary>Set to run against another factory's database (a second instance of the service) instead of a fresh one.</summary>
    public string? SharedConnectionString { get; init; }

    public virtual async Task InitializeAsync() => ConnectionString = SharedConnectionString ?? await TestDatabases.CreateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (Directory.Exists(FilesRoot))
        {
            Directory.Delete(FilesRoot, recursive: true);
        }

        if (SharedConnectionString is null)
        {
            await TestDatabases.DropAsync(ConnectionString);
        }
    }

    /// <summary>A client whose every answer is checked against the committed OpenAPI document (<see cref="OpenApiConformance"/>).</summary>
    public ApiClient Client() => new(CreateDefaultClient(new OpenApiConformance()), Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(Repository.File("src", "Registration.Api"));
        builder.UseSetting("ConnectionStrings:Registration", ConnectionString);
        // The test output is results and failures: the application's warnings and errors show, its information does not.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Hangfire:Server:Enabled", RunsJobServer ? "true" : "false");
        builder.UseSetting("Hangfire:Server:PollingSeconds", "1");
        builder.UseSetting("Hangfire:QueuePollSeconds", "1");
        builder.UseSetting("Files:Root", FilesRoot);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}

/// <summary>The service with its Hangfire server running, as in production.</summary>
public class JobServerApi : ApiFactory
{
    protected override bool RunsJobServer => true;
}

/// <summary>Polls for a condition that a background job brings about; fails with a message after the timeout.</summary>
public static class Eventually
{
    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(200);
        }
    }
}

/// <summary>The service on Kestrel at 127.0.0.1 on a free port, for what only a real HTTP server shows (request-line limits, %00).</summary>
public class KestrelApi : LoggedApi
{
    public KestrelApi() => UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>Where the server listens (starts it on first use).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }
}
