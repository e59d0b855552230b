using MailKit.Net.Smtp;
using MimeKit;

namespace Registration.Api.Platform.Email;

/// <summary>Hands messages to the configured SMTP server (MailKit), one connection per message: jobs send rarely.</summary>
public sealed class SmtpMailer(SmtpOptions options)
{
    /// <summary>The message for <paramref name="to"/>: the HTML body with its plain-text alternative, and a Message-ID of its own.</summary>
    public MimeMessage Compose(MailboxAddress to, RenderedEmail email)
    {
        var message = new MimeMessage { Subject = email.Subject };
        message.From.Add(options.Sender());
        message.To.Add(to);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(options.Sender().Domain);
        message.Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody();
        return message;
    }

    /// <summary>A plain-text message to <paramref name="to"/> with one file attached (a letter to a mission).</summary>
    public MimeMessage ComposeWithAttachment(IEnumerable<MailboxAddress> to, string subject, string text, string fileName, byte[] attachment, string contentType)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(options.Sender());
        message.To.AddRange(to);
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(options.Sender().Domain);
        var body = new BodyBuilder { TextBody = text };
        body.Attachments.Add(fileName, attachment, ContentType.Parse(contentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>Sends, or throws: a refusal or an unreachable server fails the job, which Hangfire retries.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        await client.ConnectAsync(options.Host ?? "", options.Port, options.Security, ct);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
