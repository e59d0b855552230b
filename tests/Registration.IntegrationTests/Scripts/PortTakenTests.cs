using System.Net;
using System.Net.Sockets;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Scripts;

/// <summary>A second scripts/run, or anything else on the port: one line that says so and what to do, never a stack trace.</summary>
public sealed class PortTakenTests : IDisposable
{
    private readonly TcpListener taken = new(IPAddress.Loopback, 0);

    public PortTakenTests() => taken.Start();

    private int Port => ((IPEndPoint)taken.LocalEndpoint).Port;

    public void Dispose() => taken.Dispose();

    [Theory]
    [InlineData("--port")]
    [InlineData("ASPNETCORE_URLS")]
    public async Task Scripts_run_says_in_one_line_that_the_port_is_taken_before_starting_anything(string how)
    {
        var result = how == "--port"
            ? await Repository.RunAsync(Repository.File("scripts", "run"), ["--port", $"{Port}"])
            : await Repository.RunAsync(Repository.File("scripts", "run"), [], new() { ["ASPNETCORE_URLS"] = $"http://localhost:{Port}" });

        result.ExitCode.ShouldNotBe(0, result.ToString());
        var line = OneLine(result, "and nothing started (no PostgreSQL, no build)");
        line.ShouldContain($"port {Port} is already in use");
        line.ShouldContain("scripts/run --port ");
    }

    [Fact]
    public async Task The_api_says_in_one_line_that_its_address_is_taken_and_exits_non_zero()
    {
        var database = await TestDatabases.CreateAsync();
        try
        {
            var result = await OneShotCommandsTests.RunApiAsync([], new()
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
                ["ConnectionStrings__Registration"] = database,
                ["Hangfire__Server__Enabled"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            });

            result.ExitCode.ShouldBe(1, result.ToString());
            var line = OneLine(result, "no stack trace");
            line.ShouldContain($"http://127.0.0.1:{Port}: address already in use");
            line.ShouldContain("ASPNETCORE_URLS");
        }
        finally
        {
            await TestDatabases.DropAsync(database);
        }
    }

    /// <summary>What the program said: one line on stderr, nothing on stdout.</summary>
    private static string OneLine(ProcessResult result, string what)
    {
        result.Stdout.ShouldBeEmpty(result.ToString());
        var line = result.Stderr.TrimEnd('\n');
        line.ShouldNotContain('\n', customMessage: $"one line, {what}: {result}");
        return line;
    }
}
