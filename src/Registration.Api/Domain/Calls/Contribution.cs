namespace Registration.Api.Domain.Calls;

/// <summary>
/// A State's written contribution to a call on one topic: the call's structured fields in one of the six official
/// languages, files (PDF or DOCX), and whether the State agrees to its publication. One per State, call and topic.
/// </summary>
public sealed class Contribution
{
    public const int MaxAnswerLength = 50_000;

    private Contribution()
    {
    }

    public Contribution(Guid callId, string country, string topic, OfficialLanguage language, IReadOnlyDictionary<string, string> answers,
        Publication publication, string by, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        CallId = callId;
        Country = country;
        Topic = topic;
        Language = language;
        Answers = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        Publication = publication;
        SubmittedBy = by;
        SubmittedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CallId { get; private set; }
    public string Country { get; private set; } = "";
    public string Topic { get; private set; } = "";
    public OfficialLanguage Language { get; private set; }

    /// <summary>The call's structured fields, by key; a field left out is not answered.</summary>
    public Dictionary<string, string> Answers { get; private set; } = [];

    public Publication Publication { get; private set; }
    public string SubmittedBy { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    /// <summary>A change of the content (language, answers): only while the call is open, which the caller checked.</summary>
    public void Revise(OfficialLanguage? language, IReadOnlyDictionary<string, string>? answers, DateTimeOffset now)
    {
        Language = language ?? Language;
        if (answers is not null)
        {
            Answers = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        }

        UpdatedAt = now;
    }

    /// <summary>A State may change its mind at any time, before or after the deadline.</summary>
    public void Publish(Publication publication, DateTimeOffset now)
    {
        Publication = publication;
        UpdatedAt = now;
    }
}

/// <summary>A file of a contribution (PDF or DOCX, judged by its bytes); its bytes are in <see cref="ContributionFileContent"/>.</summary>
public sealed class ContributionFile
{
    public const int MaxFileNameLength = 200;

    private ContributionFile()
    {
    }

    public ContributionFile(Guid contributionId, string fileName, string contentType, long sizeBytes, string sha256, string by, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        ContributionId = contributionId;
        FileName = fileName;
        ContentType = contentType;
        SizeBytes = sizeBytes;
        Sha256 = sha256;
        UploadedBy = by;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ContributionId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }
}

public sealed class ContributionFileContent
{
    private ContributionFileContent()
    {
    }

    public ContributionFileContent(Guid fileId, byte[] bytes)
    {
        FileId = fileId;
        Bytes = bytes;
    }

    public Guid FileId { get; private set; }
    public byte[] Bytes { get; private set; } = [];
}
