namespace Registration.Api.Domain.Matching;

/// <summary>How a note names a person.</summary>
public enum NameMatch
{
    /// <summary>The note does not name them.</summary>
    None,

    /// <summary>Only as part of a longer, hyphenated name ("Smith-Jones" for a registered "Smith"): a person must decide.</summary>
    Partial,

    /// <summary>By their whole name, or by their e-mail address.</summary>
    Full,
}

/// <summary>How a note names a person, and the first page (from 1) where it does so; no page when it does not.</summary>
/// <param name="Match">How the note names them.</param>
/// <param name="Page">Where, from 1.</param>
/// <param name="ByOcr">True when that page's text was read by OCR from a scan.</param>
/// <param name="ReadAs">
/// On a page read by OCR, the words as read (normalised) when they are not exactly the registered name: OCR got a letter
/// wrong, and a person should look. Null for an exact reading.
/// </param>
public readonly record struct NoteMatch(NameMatch Match, int? Page, bool ByOcr = false, string? ReadAs = null);

/// <summary>
/// The text of one note verbale, page by page, normalised once so that many delegates can be checked against it.
/// </summary>
/// <remarks>
/// A delegate is named when the note contains, as one contiguous run of whole words, all their given-name words
/// followed by all their family-name words, or family then given. Normalisation (see <see cref="TextNormalizer"/>)
/// ignores case, diacritics, punctuation, white space and line breaks. Words inside an e-mail address are not words of
/// the text: "peter.weber@mfa.gv.at" names the holder of that address, not Peter Weber. A word ending with a hyphen
/// at a line end is read joined with the next line's first word ("BER-\nGER" is Berger), and also as the first part of
/// a compound. A run that a hyphen joins to a further word before or after it ("Smith-Jones", "García-Márquez",
/// "Mary-Anna") names the person only in part (<see cref="NameMatch.Partial"/>): it may be them, and the secretariat
/// confirms. A soft hyphen never ends a word. Names written entirely in scripts without spaces (Chinese, Japanese,
/// Korean, Thai…) cannot be matched by whole words: they match when family+given or given+family appears anywhere
/// inside the note's text in those scripts (white space and line breaks between the characters ignored), so 王伟 is
/// found in "王伟先生" but also, unavoidably, inside 王伟明.
/// Pages read by OCR from a scan are read with tolerance for what OCR gets wrong (see <see cref="OcrTolerance"/>), and
/// a match there says so (<see cref="NoteMatch.ByOcr"/>).
/// </remarks>
public sealed class NoteText
{
    /// <summary>Separates pages in the stored text of a note (a form feed, as PDF text extraction writes it).</summary>
    public const char PageBreak = '\f';

    private readonly PageText[] _pages;

    private NoteText(PageText[] pages, int characters)
    {
        _pages = pages;
        Characters = characters;
    }

    /// <summary>How many characters of text this was parsed from: what it costs to keep, roughly in proportion.</summary>
    public int Characters { get; }

    /// <summary>False for a note without any words or addresses, typically a scan without a text layer.</summary>
    public bool HasText => Array.Exists(_pages, page => page.HasText);

    public static NoteText From(string? extractedText) => From(extractedText, null);

    /// <summary>The note's text; the pages numbered (from 1) in <paramref name="ocrPages"/> were read by OCR.</summary>
    public static NoteText From(string? extractedText, IReadOnlyCollection<int>? ocrPages) =>
        new(string.IsNullOrWhiteSpace(extractedText)
                ? []
                : [.. extractedText.Split(PageBreak).Select((page, index) => PageText.From(page, ocrPages?.Contains(index + 1) == true))],
            extractedText?.Length ?? 0);

    /// <summary>True when the note names the person by their whole name or by e-mail address.</summary>
    public bool Names(string givenName, string familyName, string? email) => Find(givenName, familyName, email) == NameMatch.Full;

    /// <summary>How the note names the person: by whole name or e-mail address, only as part of a longer name, or not.</summary>
    public NameMatch Find(string givenName, string familyName, string? email) => Locate(givenName, familyName, email).Match;

    /// <summary>How the note names the person at best, and the first page where it does so.</summary>
    public NoteMatch Locate(string givenName, string familyName, string? email)
    {
        // The first page that names them best; a page that names them exactly wins over one where OCR misread a letter.
        var best = new NoteMatch(NameMatch.None, null);
        for (var index = 0; index < _pages.Length && !(best.Match == NameMatch.Full && best.ReadAs is null); index++)
        {
            var (match, readAs) = _pages[index].Locate(givenName, familyName, email);
            if (match > best.Match || (match == best.Match && best.ReadAs is not null && readAs is null))
            {
                best = new NoteMatch(match, index + 1, _pages[index].ReadByOcr, readAs);
            }
        }

        return best;
    }
}
