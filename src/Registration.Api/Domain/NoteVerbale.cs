using Registration.Api.Domain.Matching;

namespace Registration.Api.Domain;

/// <summary>
/// A Government's official nomination of its delegation, as uploaded (a PDF). The newest upload is the delegation's
/// current note, the one delegates are cross-checked against; earlier ones stay readable.
/// </summary>
public sealed class NoteVerbale
{
    public const int MaxFileNameLength = 200;

    private NoteVerbale()
    {
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }
    public Guid DelegationId { get; private set; }
    public string FileName { get; private set; } = "";
    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hexadecimal SHA-256 of the bytes.</summary>
    public string Sha256 { get; private set; } = "";

    public string UploadedBy { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>False for a note with no text layer (a scan): its delegates stay unmatched until confirmed by hand.</summary>
    public bool TextExtracted { get; private set; }

    /// <summary>The extracted text, kept so that a delegate registered or renamed later is checked against it.</summary>
    public string Text { get; private set; } = "";

    public int PageCount { get; private set; }

    /// <summary>Set when the secretariat retires the note: it no longer names anyone.</summary>
    public DateTimeOffset? SupersededAt { get; private set; }

    public string? SupersededBy { get; private set; }

    public string? SupersedeReason { get; private set; }

    public bool IsSuperseded => SupersededAt is not null;

    public static NoteVerbale Receive(
        Event registration, Delegation delegation, string fileName, long sizeBytes, string sha256, bool textExtracted, string text, int pageCount,
        string by, DateTimeOffset now)
    {
        registration.EnsureOpen(now);
        return new NoteVerbale
        {
            Id = Guid.CreateVersion7(now),
            EventId = registration.Id,
            DelegationId = delegation.Id,
            FileName = fileName,
            SizeBytes = sizeBytes,
            Sha256 = sha256,
            TextExtracted = textExtracted,
            Text = textExtracted ? text : "",
            PageCount = pageCount,
            UploadedBy = by,
            UploadedAt = now,
        };
    }

    public NoteText ReadText() => NoteText.From(TextExtracted ? Text : null);
}

/// <summary>The uploaded bytes, apart from the metadata so that lists never load them.</summary>
public sealed class NoteVerbaleContent
{
    private NoteVerbaleContent()
    {
    }

    public NoteVerbaleContent(Guid noteVerbaleId, byte[] bytes)
    {
        NoteVerbaleId = noteVerbaleId;
        Bytes = bytes;
    }

    public Guid NoteVerbaleId { get; private set; }
    public byte[] Bytes { get; private set; } = [];
}

/// <summary>Whether a note names a delegate, as last computed while that note was current.</summary>
public sealed class NoteVerbaleMatch
{
    private NoteVerbaleMatch()
    {
    }

    public NoteVerbaleMatch(Guid noteVerbaleId, Guid delegateId, NameMatch match, DateTimeOffset checkedAt)
    {
        NoteVerbaleId = noteVerbaleId;
        DelegateId = delegateId;
        Update(match, checkedAt);
    }

    public Guid NoteVerbaleId { get; private set; }
    public Guid DelegateId { get; private set; }

    /// <summary>The note names the delegate by whole name or e-mail address.</summary>
    public bool Matched { get; private set; }

    /// <summary>The note names the delegate only as part of a longer name (then <see cref="Matched"/> is false).</summary>
    public bool Partial { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    public void Update(NameMatch match, DateTimeOffset checkedAt)
    {
        Matched = match == NameMatch.Full;
        Partial = match == NameMatch.Partial;
        CheckedAt = checkedAt;
    }
}

/// <summary>The delegation's current note; its text is indexed once, when first needed, for every delegate checked.</summary>
public sealed class CurrentNote(NoteVerbale note)
{
    private NoteText? text;

    public NoteVerbale Note { get; } = note;

    public NoteText Text => text ??= Note.ReadText();
}
