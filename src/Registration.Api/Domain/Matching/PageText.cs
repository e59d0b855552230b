namespace Registration.Api.Domain.Matching;

/// <summary>One page of a note verbale's text, normalised once so that many delegates can be checked against it (rules: <see cref="NoteText"/>).</summary>
internal sealed partial class PageText
{
    // Fewer characters than this in an unspaced script would match almost any note.
    private const int MinimumUnspacedNameLength = 2;

    private readonly string[] _words;

    // For each position, what joins the word to the next one.
    private readonly TextNormalizer.Link[] _links;

    // For each position, the word joined with the next one when a line-end hyphen separates them.
    private readonly string?[] _joinedWithNext;

    // Word (plain or joined) → positions where it starts, so a delegate costs a lookup, not a scan.
    private readonly Dictionary<string, List<int>> _positionsByWord;

    private readonly string _unspacedScriptText;

    // Every e-mail address the note holds, lower-cased, read once: each delegate's address is then a lookup.
    private readonly HashSet<string> _addresses;

    private PageText(IReadOnlyList<TextNormalizer.Token> tokens, string unspacedScriptText, HashSet<string> addresses, bool readByOcr)
    {
        ReadByOcr = readByOcr;
        _addresses = addresses;
        _words = new string[tokens.Count];
        _links = new TextNormalizer.Link[tokens.Count];
        _joinedWithNext = new string?[tokens.Count];
        _positionsByWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var position = 0; position < tokens.Count; position++)
        {
            _words[position] = tokens[position].Word;
            _links[position] = tokens[position].LinkToNext;
            AddPosition(tokens[position].Word, position);
            if (tokens[position].LinkToNext is TextNormalizer.Link.LineEndHyphen or TextNormalizer.Link.SoftLineBreak && position + 1 < tokens.Count)
            {
                var joined = tokens[position].Word + tokens[position + 1].Word;
                _joinedWithNext[position] = joined;
                AddPosition(joined, position);
            }
        }

        _unspacedScriptText = unspacedScriptText;
    }

    /// <summary>False for a page without any words or addresses, typically a scanned page without a text layer.</summary>
    public bool HasText => _words.Length > 0 || _addresses.Count > 0;

    /// <summary>True when the page's text was read by OCR from a scan: names are then read with <see cref="OcrTolerance"/>.</summary>
    public bool ReadByOcr { get; }

    public static PageText From(string? extractedText, bool readByOcr = false)
    {
        if (string.IsNullOrWhiteSpace(extractedText))
        {
            return new PageText([], string.Empty, [], readByOcr);
        }

        // PDF extraction breaks lines after "@": read addresses with the white space around it removed.
        var text = SpaceAroundAt().Replace(extractedText, "@");
        var canonical = TextNormalizer.Canonicalize(EmailAddress.RemoveFrom(text, " "));
        return new PageText(TextNormalizer.Tokenize(canonical), TextNormalizer.UnspacedScriptText(canonical), AddressesIn(text), readByOcr);
    }

    /// <summary>How the page names the person: by whole name or e-mail address, only as part of a longer name, or not.</summary>
    public NameMatch Find(string givenName, string familyName, string? email) => Locate(givenName, familyName, email).Match;

    /// <summary>
    /// How the page names the person and, for a name OCR read with an error it tolerates, the words as read. A page
    /// read by OCR is first read exactly, then with <see cref="OcrTolerance"/>.
    /// </summary>
    public (NameMatch Match, string? ReadAs) Locate(string givenName, string familyName, string? email)
    {
        ArgumentNullException.ThrowIfNull(givenName);
        ArgumentNullException.ThrowIfNull(familyName);
        if (!HasText)
        {
            return (NameMatch.None, null);
        }

        if (email is not null && NamesEmail(email))
        {
            return (NameMatch.Full, null);
        }

        var given = TextNormalizer.Words(givenName);
        var family = TextNormalizer.Words(familyName);
        var exact = FindPerson(given, family);
        if (exact == NameMatch.Full || !ReadByOcr || given.Length + family.Length == 0 || given.Concat(family).All(TextNormalizer.IsUnspacedScript))
        {
            return (exact, null);
        }

        var givenFirst = FindRunTolerant([.. given, .. family]);
        var tolerant = givenFirst.Match == NameMatch.Full ? givenFirst : Better(givenFirst, FindRunTolerant([.. family, .. given]));
        return tolerant.Match > exact ? tolerant : (exact, null);
    }

    private NameMatch FindPerson(string[] given, string[] family)
    {
        if (given.Length + family.Length == 0)
        {
            return NameMatch.None;
        }

        if (given.Concat(family).All(TextNormalizer.IsUnspacedScript))
        {
            return ContainsUnspaced(string.Concat(family) + string.Concat(given))
                   || ContainsUnspaced(string.Concat(given) + string.Concat(family))
                ? NameMatch.Full
                : NameMatch.None;
        }

        var givenFirst = FindRun([.. given, .. family]);
        return givenFirst == NameMatch.Full ? givenFirst : Best(givenFirst, FindRun([.. family, .. given]));
    }

    // The whole address must stand in the note: "anna@mfa.gov" is not named by "anna@mfa.gov.uk" or
    // "x.anna@mfa.gov", but a full stop ending the sentence after it is fine.
    private bool NamesEmail(string email) => _addresses.Contains(EmailAddress.Normalize(email));

    /// <summary>
    /// The addresses in a note (see <see cref="EmailAddress"/>), lower-cased. Read twice, as given and with the white
    /// space around "." removed too, since PDF extraction sometimes spaces every dot of an address.
    /// </summary>
    private static HashSet<string> AddressesIn(string text)
    {
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reading in new[] { text, SpaceAroundDot().Replace(text, ".") })
        {
            foreach (System.Text.RegularExpressions.Match match in EmailAddress.FindIn(reading))
            {
                addresses.Add(EmailAddress.Normalize(match.Value));
            }
        }

        return addresses;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*@\s*")]
    private static partial System.Text.RegularExpressions.Regex SpaceAroundAt();

    [System.Text.RegularExpressions.GeneratedRegex(@"[ \t]*\.[ \t]*")]
    private static partial System.Text.RegularExpressions.Regex SpaceAroundDot();

    private bool ContainsUnspaced(string name) =>
        name.EnumerateRunes().Count() >= MinimumUnspacedNameLength
        && _unspacedScriptText.Contains(name, StringComparison.Ordinal);

    private static NameMatch Best(NameMatch a, NameMatch b) => a > b ? a : b;

    // A hyphen joining the run to a word outside it makes the run part of a longer name; a soft hyphen at a line end
    // means the word goes on, so the run does not end (or start) there at all.
    private static NameMatch Boundary(TextNormalizer.Link link) => link switch
    {
        TextNormalizer.Link.None => NameMatch.Full,
        TextNormalizer.Link.SoftLineBreak => NameMatch.None,
        _ => NameMatch.Partial,
    };

    private NameMatch FindRun(string[] run)
    {
        if (!_positionsByWord.TryGetValue(run[0], out var starts))
        {
            return NameMatch.None;
        }

        var best = NameMatch.None;
        foreach (var start in starts)
        {
            var before = start == 0 ? NameMatch.Full : Boundary(_links[start - 1]);
            if (before != NameMatch.None)
            {
                best = Best(best, (NameMatch)Math.Min((int)before, (int)MatchFrom(run, 0, start)));
                if (best == NameMatch.Full)
                {
                    return best;
                }
            }
        }

        return best;
    }

    // Tries both readings at a line-end hyphen: the two words apart, or joined into one.
    private NameMatch MatchFrom(string[] run, int index, int position)
    {
        if (index == run.Length)
        {
            return Boundary(_links[position - 1]);
        }

        if (position >= _words.Length || (index > 0 && _links[position - 1] == TextNormalizer.Link.SoftLineBreak))
        {
            return NameMatch.None;
        }

        var apart = string.Equals(_words[position], run[index], StringComparison.Ordinal)
            ? MatchFrom(run, index + 1, position + 1)
            : NameMatch.None;
        if (apart == NameMatch.Full)
        {
            return apart;
        }

        var joined = string.Equals(_joinedWithNext[position], run[index], StringComparison.Ordinal)
            ? MatchFrom(run, index + 1, position + 2)
            : NameMatch.None;
        return Best(apart, joined);
    }

    private static (NameMatch Match, string? ReadAs) Better((NameMatch Match, string? ReadAs) a, (NameMatch Match, string? ReadAs) b) =>
        b.Match > a.Match ? b : a;

    // The same whole-word rules as FindRun, each word compared with OcrTolerance; a word OCR split in two ("J ohann")
    // may also be read joined. Pages are short, so every position is tried.
    private (NameMatch Match, string? ReadAs) FindRunTolerant(string[] words)
    {
        var run = words.Select(word => new OcrTolerance.Name(word)).ToArray();
        (NameMatch Match, string? ReadAs) best = (NameMatch.None, null);
        for (var start = 0; start < _words.Length; start++)
        {
            var before = start == 0 ? NameMatch.Full : Boundary(_links[start - 1]);
            if (before == NameMatch.None)
            {
                continue;
            }

            var (match, end) = TolerantFrom(run, 0, start);
            match = (NameMatch)Math.Min((int)before, (int)match);
            if (match > best.Match)
            {
                best = (match, string.Join(' ', _words[start..end]));
                if (match == NameMatch.Full)
                {
                    return best;
                }
            }
        }

        return best;
    }

    private (NameMatch Match, int End) TolerantFrom(OcrTolerance.Name[] run, int index, int position)
    {
        if (index == run.Length)
        {
            return (Boundary(_links[position - 1]), position);
        }

        if (position >= _words.Length || (index > 0 && _links[position - 1] == TextNormalizer.Link.SoftLineBreak))
        {
            return (NameMatch.None, position);
        }

        (NameMatch Match, int End) best = (NameMatch.None, position);
        foreach (var (reading, next) in Readings(position))
        {
            if (run[index].IsReadAs(reading))
            {
                var found = TolerantFrom(run, index + 1, next);
                if (found.Match > best.Match)
                {
                    best = found;
                    if (found.Match == NameMatch.Full)
                    {
                        return best;
                    }
                }
            }
        }

        return best;
    }

    // The word at a position, joined with the next across a line-end hyphen, or joined with the next word OCR split off;
    // folded for OcrTolerance, each once per page.
    private IEnumerable<(string Reading, int Next)> Readings(int position)
    {
        var readings = _foldedReadings ??= new FoldedReadings[_words.Length];
        var folded = readings[position];
        if (folded is null)
        {
            folded = new FoldedReadings(
                OcrTolerance.Fold(_words[position]),
                _joinedWithNext[position] is { } hyphenated ? OcrTolerance.Fold(hyphenated)
                : position + 1 < _words.Length && _links[position] == TextNormalizer.Link.None ? OcrTolerance.Fold(_words[position] + _words[position + 1])
                : null);
            readings[position] = folded;
        }

        yield return (folded.Word, position + 1);
        if (folded.Joined is not null)
        {
            yield return (folded.Joined, position + 2);
        }
    }

    // Filled on first use by OCR-tolerant matching. A page is shared between threads (NoteVerbale's cache): each entry is
    // one reference, written whole, and a race only computes an entry twice, to the same value.
    private FoldedReadings?[]? _foldedReadings;

    private sealed record FoldedReadings(string Word, string? Joined);

    private void AddPosition(string word, int position)
    {
        if (!_positionsByWord.TryGetValue(word, out var positions))
        {
            positions = [];
            _positionsByWord[word] = positions;
        }

        positions.Add(position);
    }
}
