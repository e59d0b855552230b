using Microsoft.EntityFrameworkCore;
using MimeKit;
using Registration.Api.Data;
using Registration.Api.Features.Letters;
using Registration.Api.Platform.Docx;
using Registration.Api.Platform.Email;

namespace Registration.Api.Jobs;

/// <summary>
/// E-mails one mission its letter of one run, the DOCX attached. Idempotent per run and country, as <see cref="SendEmail"/>
/// is per source: the <c>letter_emails</c> row is inserted in the transaction that sends and commits only after the SMTP
/// server accepted the message, so a retried or duplicated job finds it and sends nothing. A letter that misses values
/// by now (a mission's record changed after the run was checked) is not sent, and the job fails for the dashboard.
/// </summary>
public sealed class SendLetter(RegistrationDb db, SmtpMailer mailer, TimeProvider clock, ILogger<SendLetter> logger)
{
    public async Task RunAsync(Guid runId, string country, CancellationToken ct)
    {
        if (await db.LetterEmails.AnyAsync(e => e.RunId == runId && e.Country == country, ct))
        {
            return;
        }

        var plan = await LetterRunPlan.ReadAsync(db, runId, ct);
        var letter = plan.Letters.Single(l => l.Country == country);
        plan.EnsureComplete([letter], needRecipients: true);
        var bytes = await plan.ProduceAsync(db, letter, ct);
        var subject = plan.Run.Subject ?? plan.Run.Reference ?? "Letter from the secretariat";
        var text = $"Please find attached the secretariat's note{(plan.Run.Reference is null ? "" : $" {plan.Run.Reference}")} of "
            + $"{Domain.Letters.LetterFields.Day(plan.Run.Date)} to the {letter.Mission!.Name}.";
        var message = mailer.ComposeWithAttachment(
            letter.Recipients.Select(a => new MailboxAddress(letter.Mission.Name, a)), subject, text,
            LetterMapping.FileNameOf(plan.Run, country), bytes, WordDocument.ContentType);
        var recipients = string.Join(",", letter.Recipients);

        await db.InTransactionAsync(async ct =>
        {
            var claimed = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO letter_emails (id, run_id, country, recipients, message_id, sent_at)
                VALUES ({Guid.CreateVersion7()}, {runId}, {country}, {recipients}, {message.MessageId ?? ""}, {clock.GetUtcNow()})
                ON CONFLICT (run_id, country) DO NOTHING
                """,
                ct);
            if (claimed == 1)
            {
                await mailer.SendAsync(message, ct);
                logger.LogInformation("Letter of run {RunId} e-mailed to the mission of {Country}", runId, country);
            }

            return claimed;
        }, ct);
    }
}
