using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Scripts;

/// <summary>The commands scripts/openapi and scripts/token run: no database where none is needed, nothing on stdout but the result.</summary>
public sealed class OneShotCommandsTests
{
    [Fact]
    public async Task The_openapi_command_writes_the_committed_document_without_reaching_for_the_database()
    {
        // A "database" that counts who knocks: the document is rendered from the code alone.
        using var database = new TcpListener(IPAddress.Loopback, 0);
        database.Start();
        var knocks = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await database.AcceptTcpClientAsync();
                Interlocked.Increment(ref knocks);
            }
        });
        var output = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        try
        {
            var result = await RunApiAsync(["openapi", "--output", output], new()
            {
                ["ConnectionStrings__Registration"] = $"Host=127.0.0.1;Port={((IPEndPoint)database.LocalEndpoint).Port};Database=registration",
            });

            result.ExitCode.ShouldBe(0, result.ToString());
            knocks.ShouldBe(0, "the openapi command connected to the database");
            result.Stdout.ShouldBeEmpty();
            JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(output)), JsonNode.Parse(await File.ReadAllTextAsync(Repository.File("openapi", "registration-v1.json"))))
                .ShouldBeTrue("the openapi command's document differs from openapi/registration-v1.json");
        }
        finally
        {
            database.Stop();
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Scripts_token_prints_the_token_and_nothing_else()
    {
        var result = await Repository.RunAsync(Repository.File("scripts", "token"), ["--role", "delegation", "--country", "AUT"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldBeEmpty(result.ToString());
        var token = result.Stdout.TrimEnd('\n');
        token.ShouldNotContain('\n');
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1])))!;
        claims["role"]!.GetValue<string>().ShouldBe("delegation");
        claims["country"]!.GetValue<string>().ShouldBe("AUT");
    }

    [Fact]
    public async Task Scripts_token_mints_a_participant_with_a_verified_address_and_refuses_one_without()
    {
        var result = await Repository.RunAsync(Repository.File("scripts", "token"), ["--role", "participant", "--email", "anna@example.org"]);
        var withoutEmail = await Repository.RunAsync(Repository.File("scripts", "token"), ["--role", "participant"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldBeEmpty(result.ToString());
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(result.Stdout.TrimEnd('\n').Split('.')[1])))!;
        claims["role"]!.GetValue<string>().ShouldBe("participant");
        claims["email"]!.GetValue<string>().ShouldBe("anna@example.org");
        claims["email_verified"]!.GetValue<bool>().ShouldBeTrue();
        claims["sub"]!.GetValue<string>().ShouldBe("participant-anna@example.org");
        claims["country"].ShouldBeNull();
        withoutEmail.ExitCode.ShouldBe(1, withoutEmail.ToString());
        withoutEmail.Stdout.ShouldBeEmpty();
        withoutEmail.Stderr.ShouldContain("--email");
    }

    /// <summary>The API as the scripts run it: its dll, in the project directory, in Development.</summary>
    internal static Task<ProcessResult> RunApiAsync(string[] arguments, Dictionary<string, string?> environment)
    {
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        return Repository.RunAsync("dotnet", [typeof(Program).Assembly.Location, .. arguments], environment, Repository.File("src", "Registration.Api"));
    }
}
