using MailKit.Security;
using MimeKit;

namespace Registration.Api.Platform.Email;

/// <summary>
/// The <c>Smtp</c> configuration section: the server that e-mail is handed to. Without <see cref="Host"/> no e-mail is
/// sent at all (nothing is queued), which is what commands and most tests want; the service says so once at start-up.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    /// <summary>The SMTP server's host name; empty turns e-mail off.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>The sender, as <c>address</c> or <c>Name &lt;address&gt;</c>; required when <see cref="Host"/> is set.</summary>
    public string? From { get; set; }

    /// <summary>With <see cref="Password"/>: the account to authenticate as; no authentication when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// MailKit's <see cref="SecureSocketOptions"/>: <c>StartTls</c> (the default: the server must offer STARTTLS),
    /// <c>SslOnConnect</c> (port 465), <c>StartTlsWhenAvailable</c>, <c>Auto</c> or <c>None</c> (a local mail catcher).
    /// </summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>How long one SMTP conversation may take, in seconds (default 30).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public MailboxAddress Sender() => MailboxAddress.Parse(From ?? "");

    public SmtpOptions Validate()
    {
        if (!Enabled)
        {
            return this;
        }

        if (Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:Port must be between 1 and 65535 (it is {Port}).");
        }

        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
        {
            throw new InvalidOperationException($"{Section}:From must be the sender's address (for example \"UNODC Conference Services <registration@example.org>\") when {Section}:Host is set.");
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            throw new InvalidOperationException($"{Section}:UserName and {Section}:Password go together: set both, or neither.");
        }

        if (TimeoutSeconds is < 1 or > 600)
        {
            throw new InvalidOperationException($"{Section}:TimeoutSeconds must be between 1 and 600 (it is {TimeoutSeconds}).");
        }

        return this;
    }
}

/// <summary>The <c>Email</c> configuration section: how sending is retried.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>
    /// Waits between the attempts to send one message, in seconds, comma-separated: a failed attempt (the SMTP server
    /// down, a temporary refusal) is tried again after the next wait, and after the last one the job stays failed (the
    /// dashboard can retry it). Default: 1, 5, 15 and 30 minutes, then 1, 2, 4, 8, 12 and 24 hours (about 2.3 days in all).
    /// </summary>
    public string RetryDelaysSeconds { get; set; } = "60,300,900,1800,3600,7200,14400,28800,43200,86400";

    public int[] RetryDelays() =>
        [.. RetryDelaysSeconds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(d => int.TryParse(d, out var s) ? s : -1)];

    public EmailOptions Validate()
    {
        var delays = RetryDelays();
        if (delays.Length is 0 or > 50 || delays.Any(d => d is < 0 or > 7 * 86400))
        {
            throw new InvalidOperationException(
                $"{Section}:RetryDelaysSeconds must list 1 to 50 waits of 0 to 604800 seconds, comma-separated (it is '{RetryDelaysSeconds}').");
        }

        return this;
    }
}
