using System.Diagnostics;
using MimeKit;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server (Debian's python3-aiosmtpd, through smtp_sink.py beside this file) on a free loopback port, with
/// the messages it received read back as MimeKit messages. One per test class; it ends with the test process.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Process process;

    private SmtpSink(Process process, string directory, int port)
    {
        this.process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var directory = System.IO.Directory.CreateTempSubdirectory("registration-smtp-").FullName;
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repository.File("tests", "Registration.IntegrationTests", "Infrastructure", "smtp_sink.py"));
        start.ArgumentList.Add(directory);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the test SMTP server.");
        var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(firstLine, out var port))
        {
            var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
            throw new InvalidOperationException(
                $"The test SMTP server did not start ({error.Trim()}). It needs Debian's python3-aiosmtpd: scripts/test installs it, or apt-get install python3-aiosmtpd.");
        }

        return new SmtpSink(process, directory, port);
    }

    /// <summary>Refuses the next <paramref name="count"/> messages with a temporary failure (451), as a server in trouble does.</summary>
    public void RefuseNext(int count) => File.WriteAllText(Path.Combine(Directory, "refuse-next"), count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every message received so far, in the order received.</summary>
    public IReadOnlyList<ReceivedEmail> Messages() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal).Select(ReceivedEmail.Load)];

    /// <summary>The messages to <paramref name="recipient"/>, once there are at least <paramref name="count"/> (fails after the timeout).</summary>
    public Task<IReadOnlyList<ReceivedEmail>> WaitForAsync(string recipient, int count = 1, TimeSpan? timeout = null) =>
        Eventually.Async(
            () => Task.FromResult(To(recipient)),
            found => found.Count >= count,
            $"{count} e-mail(s) to {recipient} at the test SMTP server",
            timeout ?? TimeSpan.FromSeconds(30));

    public IReadOnlyList<ReceivedEmail> To(string recipient) =>
        [.. Messages().Where(m => m.EnvelopeTo.Contains(recipient, StringComparer.OrdinalIgnoreCase))];

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(5000))
        {
            process.Kill();
        }

        process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        await Task.CompletedTask;
    }
}

/// <summary>A message as the SMTP server received it: the envelope's recipients and the parsed MIME message.</summary>
public sealed record ReceivedEmail(IReadOnlyList<string> EnvelopeTo, MimeMessage Message)
{
    public string Subject => Message.Subject ?? "";

    public string Html => Message.HtmlBody ?? "";

    public string Text => Message.TextBody ?? "";

    public static ReceivedEmail Load(string path)
    {
        var message = MimeMessage.Load(path);
        var envelope = message.Headers["X-Envelope-To"] ?? "";
        return new ReceivedEmail([.. envelope.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)], message);
    }
}

/// <summary>The service with its job server and a real SMTP server to send to; e-mail jobs retry after one second.</summary>
public class EmailApi : ApiFactory
{
    public SmtpSink Smtp { get; private set; } = null!;

    protected override bool RunsJobServer => true;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:From"] = "UNODC Conference Services <registration@conferences.example.org>",
        ["Smtp:Security"] = "None",
        ["Email:RetryDelaysSeconds"] = "1,1,1,1,1",
    };

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
