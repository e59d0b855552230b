using Microsoft.AspNetCore.Connections;

namespace Registration.Api.Platform.Hosting;

/// <summary>
/// Serves until shutdown. An address that is taken (another instance runs, or another program has the port) is one
/// plain line and exit code 1, not a stack trace.
/// </summary>
public static class Serving
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private static volatile bool starting;

    /// <summary>
    /// While <see cref="RunAsync"/> starts the server, the host's own report of a failed start (with its stack trace) stays
    /// out of the log: <see cref="RunAsync"/> reports the failure. The host logs nothing else but debug messages and
    /// failures, and its other failures (a background service that fails later) are logged as ever.
    /// </summary>
    public static ILoggingBuilder ReportFailedStartsOnce(this ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, level => level >= LogLevel.Warning && !starting);

    public static async Task<int> RunAsync(WebApplication app)
    {
        starting = true;
        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await Console.Error.WriteLineAsync(
                $"registration: {e.Message} Is another instance running? Stop it, or choose another port with ASPNETCORE_URLS (scripts/run --port N).");
            return 1;
        }
        finally
        {
            starting = false;
        }

        await app.WaitForShutdownAsync();
        return 0;
    }
}
