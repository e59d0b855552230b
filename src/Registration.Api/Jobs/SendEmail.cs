using Hangfire;
using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Email;

namespace Registration.Api.Jobs;

/// <summary>
/// Sends the e-mails of one thing that happened (<see cref="EmailNotifications"/> queues it). Idempotent per kind,
/// source and recipient: each message is sent inside a transaction that inserts its <c>sent_emails</c> row first, and
/// commits only after the SMTP server accepted the message. A retry, a second run of the same job, or a duplicate job
/// meets that row (a concurrent one waits for the first to commit, then meets it) and sends nothing; a send that
/// failed left no row, so the retry sends. Only a commit lost after the server accepted the message can send it twice.
/// Failures (SMTP server down, refusals) throw, and Hangfire retries after the waits of <c>Email:RetryDelaysSeconds</c>.
/// </summary>
public sealed class SendEmail(RegistrationDb db, EmailComposer composer, SmtpMailer mailer, TimeProvider clock)
{
    public async Task RunAsync(string kind, Guid sourceId, Guid eventId, string payload, CancellationToken ct)
    {
        if (!EmailKinds.TryParse(kind, out var emailKind))
        {
            throw new InvalidOperationException($"Unknown e-mail kind '{kind}'.");
        }

        foreach (var email in await composer.ComposeAsync(emailKind, eventId, payload, ct))
        {
            await SendOnceAsync(emailKind, sourceId, eventId, email, ct);
        }
    }

    private async Task SendOnceAsync(EmailKind kind, Guid sourceId, Guid eventId, ComposedEmail email, CancellationToken ct)
    {
        var recipient = EmailAddress.Normalize(email.To.Address);
        var wire = kind.Wire();
        if (await db.SentEmails.AnyAsync(s => s.Kind == kind && s.SourceId == sourceId && s.Recipient == recipient, ct))
        {
            return;
        }

        var template = await db.EmailTemplates.AsNoTracking()
            .Where(t => t.EventId == eventId && t.Kind == kind)
            .Select(t => new EmailTemplate(t.Subject, t.HtmlBody, t.TextBody))
            .FirstOrDefaultAsync(ct) ?? DefaultEmailTemplates.For(kind);
        var message = mailer.Compose(email.To, await LiquidTemplates.RenderAsync(template, email.Placeholders));

        await db.InTransactionAsync(async ct =>
        {
            var sent = new SentEmail(kind, sourceId, eventId, recipient, message.Subject ?? "", message.MessageId ?? "", clock.GetUtcNow());
            var claimed = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO sent_emails (id, kind, source_id, event_id, recipient, subject, message_id, sent_at)
                VALUES ({sent.Id}, {wire}, {sourceId}, {eventId}, {recipient}, {sent.Subject}, {sent.MessageId}, {sent.SentAt})
                ON CONFLICT (kind, source_id, recipient) DO NOTHING
                """,
                ct);
            if (claimed == 1)
            {
                await mailer.SendAsync(message, ct);
            }

            return claimed;
        }, ct);
    }
}

/// <summary>
/// The retries of <see cref="SendEmail"/> and <see cref="SendLetter"/> jobs, from <c>Email:RetryDelaysSeconds</c>: one attempt more than there are
/// waits. Given to this application's job server (not Hangfire's process-wide filters), so each instance — and each
/// test host — has its own.
/// </summary>
internal sealed class EmailRetries(EmailOptions options) : IJobFilterProvider
{
    private readonly JobFilter[] filters =
    [
        new(new AutomaticRetryAttribute
        {
            Attempts = options.RetryDelays().Length,
            DelaysInSeconds = options.RetryDelays(),
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        }, JobFilterScope.Method, null),
    ];

    public IEnumerable<JobFilter> GetFilters(Job job) => job?.Type == typeof(SendEmail) || job?.Type == typeof(SendLetter) ? filters : [];
}
