using Registration.Api.Domain.Matching;

namespace Registration.Api.Domain;

/// <summary>
/// Where a note's text comes from. On the wire: <c>text-layer</c> (the PDF's own text, on every page), <c>ocr-pending</c>
/// (some pages have none, a scan: they are being read by OCR), <c>ocr</c> (read), <c>ocr-failed</c> (reading failed after
/// every attempt: the pages without text stay unread and their delegates wait for a confirmation by hand).
/// </summary>
public enum TextSource
{
    TextLayer,
    OcrPending,
    Ocr,
    OcrFailed,
}

/// <summary>
/// A Government's official nomination of its delegation, as uploaded (a PDF). The newest upload is the delegation's
/// current note; every note not superseded counts when delegates are cross-checked, and all stay readable.
/// </summary>
public sealed class NoteVerbale : IRaisesChanges
{
    public const int MaxFileNameLength = 200;

    private readonly PendingChanges changes = new();

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

    /// <summary>False while the note holds no text: a scan not read (yet), or read and found blank.</summary>
    public bool TextExtracted { get; private set; }

    /// <summary>
    /// The note's text, page by page (pages separated by <see cref="NoteText.PageBreak"/>): the text layer, and once read
    /// the OCR text of the pages that had none. Kept so that a delegate registered or renamed later is checked against it.
    /// </summary>
    public string Text { get; private set; } = "";

    public int PageCount { get; private set; }

    public TextSource TextSource { get; private set; }

    /// <summary>The pages (from 1) whose text OCR read; empty until then.</summary>
    public List<int> OcrPages { get; private set; } = [];

    /// <summary>Pages without text that OCR did not read, being over the configured limit of pages per note.</summary>
    public List<int> OcrPagesOverLimit { get; private set; } = [];

    /// <summary>When OCR finished, or gave up.</summary>
    public DateTimeOffset? OcrFinishedAt { get; private set; }

    /// <summary>Why OCR failed, after its last attempt (<see cref="TextSource.OcrFailed"/>).</summary>
    public string? OcrFailure { get; private set; }

    /// <summary>Set when the secretariat retires the note: it no longer names anyone.</summary>
    public DateTimeOffset? SupersededAt { get; private set; }

    public string? SupersededBy { get; private set; }

    public string? SupersedeReason { get; private set; }

    public bool IsSuperseded => SupersededAt is not null;

    /// <summary>
    /// A note received. When some of its pages have no text (<paramref name="pagesWithText"/> below the page count) and
    /// <paramref name="readScans"/> is on, it waits for OCR (<see cref="TextSource.OcrPending"/>); meanwhile it names
    /// whom its text layer names.
    /// </summary>
    public static NoteVerbale Receive(
        Event registration, Delegation delegation, string fileName, long sizeBytes, string sha256, bool textExtracted, string text, int pageCount,
        int pagesWithText, bool readScans, string by, DateTimeOffset now)
    {
        registration.EnsureOpen(now);
        var received = new NoteVerbale
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
            TextSource = readScans && pagesWithText < pageCount ? TextSource.OcrPending : TextSource.TextLayer,
            UploadedBy = by,
            UploadedAt = now,
        };
        received.changes.Raise(new RaisedChange(ChangeType.NoteVerbaleUploaded, received.EventId, received.Id, now));
        return received;
    }

    /// <summary>
    /// The note's text, read for matching. Parsed once per process and note and text source: a note's text changes only
    /// once, when OCR reads its scanned pages, and parsing it is most of the cost of checking one more delegate against it.
    /// </summary>
    public NoteText ReadText() =>
        ParsedTexts.GetOrAdd((Id, TextSource), this, static (_, note) => NoteText.From(note.TextExtracted ? note.Text : null, note.OcrPages));

    // Bounded by the characters parsed, not by the number of notes: a parsed note takes about 13 bytes per character of
    // its text (179 KiB for the 13,600 characters of a 200-delegate note), and one note may be a thousand times another.
    // Two million characters keep about 27 MB: the current notes of a busy event.
    internal const long ParsedTextCacheCharacters = 2_000_000;

    private static readonly BoundedCache<(Guid, TextSource), NoteText> ParsedTexts = new(ParsedTextCacheCharacters, text => text.Characters);

    /// <summary>True while OCR should read the note: waiting, or failed (a retry by hand from the job dashboard reads it again).</summary>
    public bool AwaitsOcr => TextSource is TextSource.OcrPending or TextSource.OcrFailed;

    /// <summary>The pages without text, in order, that OCR reads (at most <paramref name="maxPages"/>) and those over that limit.</summary>
    public (List<int> Read, List<int> OverLimit) PagesForOcr(int maxPages)
    {
        var pages = Pages();
        var blank = Enumerable.Range(1, PageCount).Where(number => string.IsNullOrWhiteSpace(pages[number - 1])).ToList();
        return ([.. blank.Take(maxPages)], [.. blank.Skip(maxPages)]);
    }

    /// <summary>OCR read the pages that had no text: their text joins the text layer's, and the note names whom it now names.</summary>
    public void ReadByOcr(IReadOnlyList<(int Page, string Text)> read, IReadOnlyList<int> overLimit, DateTimeOffset now)
    {
        EnsureAwaitsOcr();
        var pages = Pages();
        foreach (var (page, text) in read)
        {
            pages[page - 1] = text.Replace(NoteText.PageBreak, '\n');
        }

        TextExtracted = pages.Any(page => !string.IsNullOrWhiteSpace(page));
        Text = TextExtracted ? string.Join(NoteText.PageBreak, pages) : "";
        TextSource = TextSource.Ocr;
        OcrPages = [.. read.Select(r => r.Page).Order()];
        OcrPagesOverLimit = [.. overLimit];
        OcrFinishedAt = now;
        OcrFailure = null;
        changes.Raise(new RaisedChange(ChangeType.NoteVerbaleUpdated, EventId, Id, now));
    }

    /// <summary>OCR failed at its last attempt: the pages without text stay unread, their delegates wait for a confirmation by hand.</summary>
    public void OcrFailed(string failure, DateTimeOffset now)
    {
        EnsureAwaitsOcr();
        TextSource = TextSource.OcrFailed;
        OcrFailure = failure.Length > MaxOcrFailureLength ? failure[..MaxOcrFailureLength] : failure;
        OcrFinishedAt = now;
        changes.Raise(new RaisedChange(ChangeType.NoteVerbaleUpdated, EventId, Id, now));
    }

    public const int MaxOcrFailureLength = 1000;

    /// <summary>The text of each page, one entry per page (blank for a page without text).</summary>
    public string[] Pages()
    {
        var pages = new string[PageCount];
        Array.Fill(pages, "");
        if (TextExtracted)
        {
            var stored = Text.Split(NoteText.PageBreak);
            Array.Copy(stored, pages, Math.Min(stored.Length, PageCount));
        }

        return pages;
    }

    private void EnsureAwaitsOcr()
    {
        if (!AwaitsOcr)
        {
            throw new InvalidOperationException($"The note verbale {Id} is not waiting for OCR ({TextSource}).");
        }
    }

    /// <summary>The secretariat retires the note (a corrected one replaces it): from now on it names nobody.</summary>
    public void Supersede(string reason, string by, DateTimeOffset now)
    {
        if (IsSuperseded)
        {
            throw DomainFailure.Conflict(ErrorCodes.InvalidTransition, $"The note verbale {Id} was already superseded.");
        }

        SupersededAt = now;
        SupersededBy = by;
        SupersedeReason = reason;
        changes.Raise(new RaisedChange(ChangeType.NoteVerbaleSuperseded, EventId, Id, now));
    }

    public IReadOnlyList<RaisedChange> TakeChanges() => changes.Take();
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

/// <summary>
/// A delegation's notes verbales that count: every one not superseded, newest first. Each note's text is indexed once,
/// when first needed, for every delegate checked against it.
/// </summary>
public sealed class DelegationNotes
{
    private readonly NoteVerbale[] notes;
    private readonly Dictionary<Guid, NoteText> texts = [];

    public DelegationNotes(IEnumerable<NoteVerbale> notes) =>
        this.notes = [.. notes.Where(n => !n.IsSuperseded).OrderByDescending(n => n.UploadedAt).ThenByDescending(n => n.Id)];

    public static DelegationNotes None { get; } = new([]);

    public IReadOnlyList<NoteVerbale> All => notes;

    public bool Any => notes.Length > 0;

    /// <summary>The newest note that counts: the delegation's current note.</summary>
    public NoteVerbale? Newest => notes.Length > 0 ? notes[0] : null;

    public NoteVerbale? Find(Guid noteVerbaleId) => Array.Find(notes, n => n.Id == noteVerbaleId);

    /// <summary>How one note names the person.</summary>
    public NoteMatch MatchIn(NoteVerbale note, string givenName, string familyName, string? email)
    {
        if (!texts.TryGetValue(note.Id, out var text))
        {
            text = note.ReadText();
            texts[note.Id] = text;
        }

        return text.Locate(givenName, familyName, email);
    }
}

/// <summary>How a delegate stands against each note that counts, and the note that names them best (the newest among equals).</summary>
public sealed record NoteEvidence(IReadOnlyList<(NoteVerbale Note, NoteMatch Match)> PerNote)
{
    public (NoteVerbale Note, NoteMatch Match)? Best
    {
        get
        {
            (NoteVerbale Note, NoteMatch Match)? best = null;
            foreach (var entry in PerNote)
            {
                // Newest first: among equally good notes, the newest stays.
                if (entry.Match.Match != NameMatch.None && (best is null || entry.Match.Match > best.Value.Match.Match))
                {
                    best = entry;
                }
            }

            return best;
        }
    }
}
