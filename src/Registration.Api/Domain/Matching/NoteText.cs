namespace Registration.Api.Domain.Matching;

/// <summary>
/// The text of one note verbale, normalised once so that many delegates can be checked against it.
/// </summary>
/// <remarks>
/// A delegate is named when the note contains, as one contiguous run of whole words, all their
/// given-name words followed by all their family-name words, or family then given. Normalisation
/// (see <see cref="TextNormalizer"/>) ignores case, diacritics, punctuation, white space and line
/// breaks. A word ending with a hyphen at a line end is also read joined with the next line's first
/// word, because "BER-\nGER" may be a hyphenated "Berger" while "MÜLLER-\nLÜDENSCHEID" is a compound.
/// Names written entirely in scripts without spaces (Chinese, Japanese, Korean, Thai…) cannot be
/// matched by whole words: they match when family+given or given+family appears anywhere inside the
/// note's text in those scripts (white space and line breaks between the characters ignored), so
/// 王伟 is found in "王伟先生" but also, unavoidably, inside 王伟明.
/// </remarks>
public sealed partial class NoteText
{
    // Fewer characters than this in an unspaced script would match almost any note.
    private const int MinimumUnspacedNameLength = 2;

    private readonly string[] _words;

    // For each position, the word joined with the next one when a line-end hyphen separates them.
    private readonly string?[] _joinedWithNext;

    // Word (plain or joined) → positions where it starts, so a delegate costs a lookup, not a scan.
    private readonly Dictionary<string, List<int>> _positionsByWord;

    private readonly string _unspacedScriptText;

    // Every e-mail address the note holds, lower-cased, read once: each delegate's address is then a lookup.
    private readonly HashSet<string> _addresses;

    private NoteText(IReadOnlyList<TextNormalizer.Token> tokens, string unspacedScriptText, HashSet<string> addresses)
    {
        _addresses = addresses;
        _words = new string[tokens.Count];
        _joinedWithNext = new string?[tokens.Count];
        _positionsByWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var position = 0; position < tokens.Count; position++)
        {
            _words[position] = tokens[position].Word;
            AddPosition(tokens[position].Word, position);
            if (tokens[position].ContinuesOnNextLine && position + 1 < tokens.Count)
            {
                var joined = tokens[position].Word + tokens[position + 1].Word;
                _joinedWithNext[position] = joined;
                AddPosition(joined, position);
            }
        }

        _unspacedScriptText = unspacedScriptText;
    }

    /// <summary>False for a note without any words, typically a scan without a text layer.</summary>
    public bool HasText => _words.Length > 0;

    public static NoteText From(string? extractedText)
    {
        if (string.IsNullOrWhiteSpace(extractedText))
        {
            return new NoteText([], string.Empty, []);
        }

        var canonical = TextNormalizer.Canonicalize(extractedText);
        return new NoteText(TextNormalizer.Tokenize(canonical), TextNormalizer.UnspacedScriptText(canonical), AddressesIn(extractedText));
    }

    /// <summary>True when the note names the person, by full name or by e-mail address.</summary>
    public bool Names(string givenName, string familyName, string? email)
    {
        ArgumentNullException.ThrowIfNull(givenName);
        ArgumentNullException.ThrowIfNull(familyName);
        if (!HasText)
        {
            return false;
        }

        return NamesPerson(TextNormalizer.Words(givenName), TextNormalizer.Words(familyName))
               || (email is not null && NamesEmail(email));
    }

    private bool NamesPerson(string[] given, string[] family)
    {
        if (given.Length + family.Length == 0)
        {
            return false;
        }

        if (given.Concat(family).All(TextNormalizer.IsUnspacedScript))
        {
            return ContainsUnspaced(string.Concat(family) + string.Concat(given))
                   || ContainsUnspaced(string.Concat(given) + string.Concat(family));
        }

        return ContainsRun([.. given, .. family]) || ContainsRun([.. family, .. given]);
    }

    // The whole address must stand in the note: "anna@mfa.gov" is not named by "anna@mfa.gov.uk" or
    // "x.anna@mfa.gov", but a full stop ending the sentence after it is fine.
    private bool NamesEmail(string email) => _addresses.Contains(email.Trim().ToLowerInvariant());

    /// <summary>
    /// The addresses in a note: maximal runs of address characters around "@", without a sentence's closing full stop.
    /// Read twice, with the white space around "@" removed and then around "." too, since PDF extraction breaks lines
    /// after "@" and sometimes spaces every dot of an address.
    /// </summary>
    private static HashSet<string> AddressesIn(string text)
    {
        var aroundAt = SpaceAroundAt().Replace(text.ToLowerInvariant(), "@");
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reading in new[] { aroundAt, SpaceAroundDot().Replace(aroundAt, ".") })
        {
            foreach (System.Text.RegularExpressions.Match match in Address().Matches(reading))
            {
                addresses.Add(match.Value.TrimEnd('.'));
            }
        }

        return addresses;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+")]
    private static partial System.Text.RegularExpressions.Regex Address();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*@\s*")]
    private static partial System.Text.RegularExpressions.Regex SpaceAroundAt();

    [System.Text.RegularExpressions.GeneratedRegex(@"[ \t]*\.[ \t]*")]
    private static partial System.Text.RegularExpressions.Regex SpaceAroundDot();

    private bool ContainsUnspaced(string name) =>
        name.EnumerateRunes().Count() >= MinimumUnspacedNameLength
        && _unspacedScriptText.Contains(name, StringComparison.Ordinal);

    private bool ContainsRun(string[] run)
    {
        if (!_positionsByWord.TryGetValue(run[0], out var starts))
        {
            return false;
        }

        foreach (var start in starts)
        {
            if (MatchesFrom(run, 0, start))
            {
                return true;
            }
        }

        return false;
    }

    // Tries both readings at a line-end hyphen: the two words apart, or joined into one.
    private bool MatchesFrom(string[] run, int index, int position)
    {
        if (index == run.Length)
        {
            return true;
        }

        if (position >= _words.Length)
        {
            return false;
        }

        if (string.Equals(_words[position], run[index], StringComparison.Ordinal) && MatchesFrom(run, index + 1, position + 1))
        {
            return true;
        }

        return string.Equals(_joinedWithNext[position], run[index], StringComparison.Ordinal)
               && MatchesFrom(run, index + 1, position + 2);
    }

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
