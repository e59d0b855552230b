namespace Registration.Api.Platform.Email;

/// <summary>The secretariat's replacement of one kind's template for one event (the default applies where there is none).</summary>
public sealed class EventEmailTemplate
{
    private EventEmailTemplate()
    {
    }

    public EventEmailTemplate(Guid eventId, EmailKind kind, EmailTemplate template, string by, DateTimeOffset now)
    {
        EventId = eventId;
        Kind = kind;
        Replace(template, by, now);
    }

    public Guid EventId { get; private set; }
    public EmailKind Kind { get; private set; }
    public string Subject { get; private set; } = "";
    public string HtmlBody { get; private set; } = "";
    public string TextBody { get; private set; } = "";
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public EmailTemplate Template => new(Subject, HtmlBody, TextBody);

    public void Replace(EmailTemplate template, string by, DateTimeOffset now)
    {
        Subject = template.Subject;
        HtmlBody = template.HtmlBody;
        TextBody = template.TextBody;
        UpdatedBy = by;
        UpdatedAt = now;
    }
}

/// <summary>
/// One e-mail handed to the SMTP server: unique per (kind, source, recipient), the row is written in the same
/// transaction that sends, so a retried or duplicated job finds it and sends nothing more. The source is what the
/// e-mail reports: the change in the outbox (received, approved, rejected, a note verbale that leaves delegates
/// unmatched), or the deadline reminder's row.
/// </summary>
public sealed class SentEmail
{
    private SentEmail()
    {
    }

    public SentEmail(EmailKind kind, Guid sourceId, Guid eventId, string recipient, string subject, string messageId, DateTimeOffset sentAt)
    {
        Id = Guid.CreateVersion7(sentAt);
        Kind = kind;
        SourceId = sourceId;
        EventId = eventId;
        Recipient = recipient;
        Subject = subject;
        MessageId = messageId;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public EmailKind Kind { get; private set; }
    public Guid SourceId { get; private set; }
    public Guid EventId { get; private set; }

    /// <summary>Lower-cased address, as addresses are compared.</summary>
    public string Recipient { get; private set; } = "";

    public string Subject { get; private set; } = "";

    /// <summary>The message's Message-ID header, to find it in the mail server's logs.</summary>
    public string MessageId { get; private set; } = "";

    public DateTimeOffset SentAt { get; private set; }
}

/// <summary>A deadline reminder that fell due for a delegation: at most one per delegation and deadline (a unique key).</summary>
public sealed class DeadlineReminder
{
    private DeadlineReminder()
    {
    }

    public DeadlineReminder(Guid eventId, Guid delegationId, DateTimeOffset registrationDeadline, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        EventId = eventId;
        DelegationId = delegationId;
        RegistrationDeadline = registrationDeadline.ToUniversalTime();
        DueAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public Guid DelegationId { get; private set; }
    public DateTimeOffset RegistrationDeadline { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
}
