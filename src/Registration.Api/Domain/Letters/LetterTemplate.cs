namespace Registration.Api.Domain.Letters;

/// <summary>A DOCX letter template the secretariat uploaded, with the merge fields it uses; its bytes are in <see cref="LetterTemplateContent"/>.</summary>
public sealed class LetterTemplate
{
    public const int MaxFileNameLength = 200;

    private LetterTemplate()
    {
    }

    public LetterTemplate(string fileName, long sizeBytes, string sha256, IReadOnlyList<string> fields, string by, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        FileName = fileName;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        Fields = [.. fields];
        UploadedBy = by;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }
    public string FileName { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";

    /// <summary>The merge fields the template uses, in the order first met.</summary>
    public List<string> Fields { get; private set; } = [];

    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
}

/// <summary>A template's bytes, apart from its row so that lists never read them.</summary>
public sealed class LetterTemplateContent
{
    private LetterTemplateContent()
    {
    }

    public LetterTemplateContent(Guid templateId, byte[] bytes)
    {
        TemplateId = templateId;
        Bytes = bytes;
    }

    public Guid TemplateId { get; private set; }
    public byte[] Bytes { get; private set; } = [];
}

/// <summary>
/// A run of a template: the values it gives every letter and the countries it writes to. Letters are merged when they
/// are asked for, from the template and each mission's record as they stand.
/// </summary>
public sealed class LetterRun
{
    public const int MaxReferenceLength = 100;
    public const int MaxSubjectLength = 300;

    private LetterRun()
    {
    }

    public LetterRun(Guid templateId, LetterRunValues values, Guid? callId, IReadOnlyList<string> countries, string by, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        TemplateId = templateId;
        Reference = values.Reference;
        Subject = values.Subject;
        Date = values.Date;
        Deadline = values.Deadline;
        CallId = callId;
        Countries = [.. countries];
        CreatedBy = by;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid TemplateId { get; private set; }
    public string? Reference { get; private set; }
    public string? Subject { get; private set; }
    public DateOnly Date { get; private set; }
    public DateOnly? Deadline { get; private set; }

    /// <summary>The call for contributions the letters announce, if any.</summary>
    public Guid? CallId { get; private set; }

    public List<string> Countries { get; private set; } = [];
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the secretariat first asked for the letters to be e-mailed.</summary>
    public DateTimeOffset? SendRequestedAt { get; private set; }

    public LetterRunValues Values => new(Reference, Subject, Date, Deadline);

    public void RequestSending(DateTimeOffset now) => SendRequestedAt ??= now;
}

/// <summary>A letter e-mailed to a mission: one per run and country (a unique key), written in the transaction that sends it.</summary>
public sealed class LetterEmail
{
    private LetterEmail()
    {
    }

    public LetterEmail(Guid runId, string country, string recipients, string messageId, DateTimeOffset sentAt)
    {
        Id = Guid.CreateVersion7(sentAt);
        RunId = runId;
        Country = country;
        Recipients = recipients;
        MessageId = messageId;
        SentAt = sentAt;
    }

    public Guid Id { get; private set; }
    public Guid RunId { get; private set; }
    public string Country { get; private set; } = "";

    /// <summary>The addresses it went to, comma-separated.</summary>
    public string Recipients { get; private set; } = "";

    public string MessageId { get; private set; } = "";
    public DateTimeOffset SentAt { get; private set; }
}
