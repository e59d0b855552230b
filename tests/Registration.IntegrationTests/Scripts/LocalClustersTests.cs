using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Scripts;

/// <summary>
/// scripts/lib/postgres.sh keeps three clusters: the development one (scripts/run's data, durable), the test one (throwaway,
/// fsync off) and the HTTP benchmark's (durable, pg_stat_statements preloaded). None is ever used as another.
/// </summary>
public sealed class LocalClustersTests
{
    [Fact]
    public async Task The_integration_tests_do_not_run_in_the_development_cluster()
    {
        await using var connection = new NpgsqlConnection(TestDatabases.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        var dataDirectory = (string)(await command.ExecuteScalarAsync())!;

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Repository.Root)))[..12];
        string[] development = [Repository.File(".local", "postgres", "data"), $"/tmp/registration-postgres-{hash}/data"];
        development.ShouldNotContain(dataDirectory, "the tests' databases belong in the test cluster (.local/postgres-test), not next to development data");
    }

    [Fact]
    public async Task Development_test_and_bench_clusters_are_apart_and_only_the_test_one_runs_without_fsync()
    {
        Directory.GetDirectories("/usr/lib/postgresql").ShouldNotBeEmpty("this test needs PostgreSQL's server programs; scripts/test installs them");
        // A repository of its own, so that the clusters of this worktree are left alone.
        var repo = Directory.CreateTempSubdirectory("registration-clusters-");
        Directory.CreateDirectory(Path.Combine(repo.FullName, "scripts", "lib"));
        File.Copy(Repository.File("scripts", "lib", "postgres.sh"), Path.Combine(repo.FullName, "scripts", "lib", "postgres.sh"));
        try
        {
            var result = await Repository.RunAsync("bash", ["-c", """
                set -euo pipefail
                chmod a+rx .   # as root, the clusters belong to the "postgres" user, which must reach them
                source scripts/lib/postgres.sh
                trap 'stop_postgres dev; stop_postgres test; stop_postgres bench' EXIT
                show() { echo "$1=$REGISTRATION_PG_PORT|$(pg_psql -d postgres -tAc "SELECT concat_ws('|', current_setting('data_directory'), current_setting('fsync'), current_setting('shared_preload_libraries'))")"; }
                ensure_postgres test; show test
                ensure_postgres dev; show dev
                # What an older scripts/test left behind: the development cluster running with fsync off.
                _pg_as_owner "$REGISTRATION_PG_BIN/pg_ctl" -D "$REGISTRATION_PG_DATA" -m fast -w stop >/dev/null
                echo "fsync = off" >>"$REGISTRATION_PG_DATA/registration.conf"
                _pg_as_owner "$REGISTRATION_PG_BIN/pg_ctl" -D "$REGISTRATION_PG_DATA" -l "$REGISTRATION_PG_ROOT/server.log" -w start >/dev/null
                ensure_postgres dev; show again
                ensure_postgres test; show test-again
                ensure_postgres bench; show bench
                """], workingDirectory: repo.FullName);

            result.ExitCode.ShouldBe(0, result.ToString());
            var clusters = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Split('|'));
            var root = repo.FullName;
            clusters["test"][1..].ShouldBe([Path.Combine(root, ".local", "postgres-test", "data"), "off", ""], result.ToString());
            clusters["dev"][1..].ShouldBe([Path.Combine(root, ".local", "postgres", "data"), "on", ""], result.ToString());
            clusters["bench"][1..].ShouldBe([Path.Combine(root, ".local", "postgres-bench", "data"), "on", "pg_stat_statements"], result.ToString());
            clusters["dev"][0].ShouldNotBe(clusters["test"][0]);
            clusters["bench"][0].ShouldNotBeOneOf(clusters["dev"][0], clusters["test"][0]);
            clusters["again"].ShouldBe(clusters["dev"], "a development cluster running without fsync is restarted durable: " + result);
            clusters["test-again"].ShouldBe(clusters["test"]);
            (await File.ReadAllTextAsync(Path.Combine(root, ".local", "postgres-test", "admin-connection"))).ShouldContain($"Port={clusters["test"][0]};");
        }
        finally
        {
            repo.Delete(recursive: true);
        }
    }
    [Fact]
    public async Task A_port_held_by_a_client_socket_is_left_for_the_next_free_one()
    {
        // The clusters' ports lie in Linux's ephemeral range: any outgoing connection may hold one without listening, so
        // the probe finds it free and the server cannot bind it. Hold the port the test cluster would try first with a
        // connected client socket (Python's: without SO_REUSEADDR, as most clients' sockets).
        var admin = new NpgsqlConnectionStringBuilder(TestDatabases.AdminConnectionString);
        var port = Enumerable.Range(55532, 100).First(candidate => !Listening(candidate));
        var repo = Directory.CreateTempSubdirectory("registration-port-");
        Directory.CreateDirectory(Path.Combine(repo.FullName, "scripts", "lib"));
        File.Copy(Repository.File("scripts", "lib", "postgres.sh"), Path.Combine(repo.FullName, "scripts", "lib", "postgres.sh"));
        try
        {
            var result = await Repository.RunAsync("bash", ["-c", $$"""
                set -euo pipefail
                chmod a+rx .
                /usr/bin/python3 -c '
                import socket, sys, time
                s = socket.socket()
                s.bind(("127.0.0.1", {{port}}))
                s.connect(("127.0.0.1", {{admin.Port}}))
                open("held", "w").close()
                time.sleep(120)
                ' &
                holder=$!
                source scripts/lib/postgres.sh
                trap 'stop_postgres test; kill $holder' EXIT
                for _ in $(seq 100); do [[ -f held ]] && break; sleep 0.1; done
                [[ -f held ]] || { echo "the port could not be held" >&2; exit 3; }
                ensure_postgres test
                echo "port=$REGISTRATION_PG_PORT"
                """], workingDirectory: repo.FullName);

            result.ExitCode.ShouldBe(0, result.ToString());
            var used = result.Stdout.Split('\n').Single(line => line.StartsWith("port=", StringComparison.Ordinal))["port=".Length..];
            used.ShouldNotBe(port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.ToString());
            result.Stderr.ShouldContain($"port {port} could not be bound", Case.Sensitive, result.ToString());
        }
        finally
        {
            repo.Delete(recursive: true);
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
