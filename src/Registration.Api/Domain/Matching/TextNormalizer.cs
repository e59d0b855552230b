using System.Globalization;
using System.Text;

namespace Registration.Api.Domain.Matching;

/// <summary>
/// Turns free text (a note's extracted text, a delegate's name or e-mail) into comparable words.
/// Both sides of a comparison go through the same pipeline, so every folding below is symmetric.
/// </summary>
/// <remarks>
/// Pipeline: Unicode NFKD (splits accents off letters, turns ligatures, full-width forms and
/// Arabic presentation forms into plain letters) → drop nonspacing marks (accents, Arabic harakat,
/// the diaeresis of ё, hamza and madda on alef) → lower-case (invariant) → fold a short list of
/// letters that NFKD does not split → NFC (only to recompose Hangul syllables from their jamo).
/// Folded: ß→ss, ı→i, ł→l, ø→o, đ→d, ħ→h, æ→ae, œ→oe, Greek final ς→σ, Arabic alef wasla ٱ→ا,
/// tatweel ـ dropped. Deliberately NOT folded because they are distinct letters, not variants:
/// Arabic ة/ه and ى/ي. Side effects of "drop all nonspacing marks", accepted because they are
/// symmetric: Cyrillic й=и, Arabic ؤ=و and ئ=ي.
/// Punctuation, symbols and white space separate words; a hyphen directly after a word joins it to the
/// next as a compound, or, at the end of a line, possibly continues it there; a soft hyphen at a line end
/// always continues it.
/// </remarks>
internal static class TextNormalizer
{
    // The canonical form uses these characters as markers between words.
    private const char Space = ' ';
    private const char LineBreak = '\n';
    private const char Hyphen = '-';
    private const char SoftHyphen = '\u00AD';
    private const char MiddleDot = '\u00B7';
    private const char Separator = '\u001F';
    private const char UnspacedRunBreak = ' ';

    /// <summary>The normalised words of <paramref name="text"/>, in order.</summary>
    public static string[] Words(string text) =>
        Tokenize(Canonicalize(text)).Select(token => token.Word).ToArray();

    /// <summary>True when the word is written in a script that puts no spaces between words (Han, kana, Hangul, Thai…).</summary>
    public static bool IsUnspacedScript(string word) =>
        word.Length > 0 && IsUnspacedScript(Rune.GetRuneAt(word, 0));

    internal static string Canonicalize(string text)
    {
        var decomposed = WithoutLoneSurrogates(text).Normalize(NormalizationForm.FormKD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            AppendFolded(folded, rune);
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    internal static List<Token> Tokenize(string canonical)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var wordIsUnspaced = false;

        void Flush(Link linkToNext)
        {
            if (word.Length == 0)
            {
                return;
            }

            tokens.Add(new Token(word.ToString(), linkToNext));
            word.Clear();
        }

        for (var index = 0; index < canonical.Length;)
        {
            var rune = Rune.GetRuneAt(canonical, index);
            var next = index + rune.Utf16SequenceLength;
            switch (rune.Value)
            {
                case Hyphen:
                    Flush(IsAtLineEnd(canonical, next) ? Link.LineEndHyphen : Link.Hyphen);
                    break;
                case SoftHyphen:
                    // A soft hyphen is invisible inside a line: the word goes on.
                    if (IsAtLineEnd(canonical, next))
                    {
                        Flush(Link.SoftLineBreak);
                    }

                    break;
                case Space or LineBreak or MiddleDot or Separator:
                    Flush(Link.None);
                    break;
                default:
                    // A change between a spaced and an unspaced script (e.g. "Mr.王伟") is a word boundary.
                    var isUnspaced = IsUnspacedScript(rune);
                    if (word.Length > 0 && isUnspaced != wordIsUnspaced)
                    {
                        Flush(Link.None);
                    }

                    wordIsUnspaced = isUnspaced;
                    word.Append(canonical, index, rune.Utf16SequenceLength);
                    break;
            }

            index = next;
        }

        Flush(Link.None);
        return tokens;
    }

    /// <summary>
    /// All characters of scripts written without spaces, with white space and middle dots removed
    /// (Chinese wraps lines anywhere, even inside a name); any other character becomes a single break.
    /// </summary>
    internal static string UnspacedScriptText(string canonical)
    {
        var text = new StringBuilder();
        foreach (var rune in canonical.EnumerateRunes())
        {
            if (IsUnspacedScript(rune))
            {
                text.Append(rune.ToString());
            }
            else if (rune.Value is not (Space or LineBreak or MiddleDot or SoftHyphen)
                     && text.Length > 0 && text[^1] != UnspacedRunBreak)
            {
                text.Append(UnspacedRunBreak);
            }
        }

        return text.ToString();
    }

    private static bool IsAtLineEnd(string canonical, int index)
    {
        while (index < canonical.Length && canonical[index] == Space)
        {
            index++;
        }

        return index < canonical.Length && canonical[index] == LineBreak;
    }

    private static void AppendFolded(StringBuilder folded, Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark:
                return;
            case UnicodeCategory.Format:
                // Zero-width joiners, bidi marks and BOMs sit inside words; the soft hyphen and the
                // zero-width space are the only format characters that can end one.
                if (rune.Value == SoftHyphen)
                {
                    folded.Append(SoftHyphen);
                }
                else if (rune.Value == '\u200B')
                {
                    folded.Append(Space);
                }

                return;
            case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                folded.Append(LineBreak);
                return;
            case UnicodeCategory.Control:
                folded.Append(rune.Value is '\n' or '\r' or '\v' or '\f' or '\u0085' ? LineBreak : Space);
                return;
            case UnicodeCategory.SpaceSeparator:
                folded.Append(Space);
                return;
            case UnicodeCategory.DashPunctuation:
                // Only true hyphens can split a word at a line end; dashes just separate.
                folded.Append(rune.Value is '-' or '\u2010' or '\u2011' ? Hyphen : Separator);
                return;
            case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                or UnicodeCategory.OtherLetter or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber:
                AppendFoldedLetter(folded, rune);
                return;
            default:
                folded.Append(rune.Value is '\u00B7' or '\u30FB' or '\u2027' ? MiddleDot : Separator);
                return;
        }
    }

    private static void AppendFoldedLetter(StringBuilder folded, Rune rune)
    {
        switch (Rune.ToLowerInvariant(rune).Value)
        {
            case '\u0640': // Arabic tatweel only stretches a word.
                return;
            // Modifier-letter apostrophes (O\u02BCNeill) separate like the ASCII apostrophe does.
            case '\u02B9' or '\u02BB' or '\u02BC' or '\u02BD' or '\u02BE' or '\u02BF':
                folded.Append(Separator);
                return;
            case 'ß':
                folded.Append("ss");
                return;
            case 'æ':
                folded.Append("ae");
                return;
            case 'œ':
                folded.Append("oe");
                return;
            case var letter:
                var replacement = letter switch
                {
                    'ı' => 'i',
                    'ł' => 'l',
                    'ø' => 'o',
                    'đ' => 'd',
                    'ħ' => 'h',
                    'ς' => 'σ',
                    '\u0671' => '\u0627', // alef wasla → alef
                    _ => (char?)null,
                };
                if (replacement is { } simple)
                {
                    folded.Append(simple);
                }
                else
                {
                    folded.Append(new Rune(letter).ToString());
                }

                return;
        }
    }

    private static bool IsUnspacedScript(Rune rune) => rune.Value switch
    {
        >= 0x0E00 and <= 0x0EFF => true,   // Thai, Lao
        >= 0x1000 and <= 0x109F => true,   // Myanmar
        >= 0x1780 and <= 0x17FF => true,   // Khmer
        0x3005 or 0x3007 => true,          // 々 (as in 佐々木), 〇
        >= 0x3040 and <= 0x30FA => true,   // Hiragana, Katakana (without the middle dot)
        >= 0x30FC and <= 0x30FF => true,
        >= 0x31F0 and <= 0x31FF => true,   // Katakana phonetic extensions
        >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0xAC00 and <= 0xD7A3 => true,   // Hangul syllables
        >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
        >= 0x20000 and <= 0x3FFFF => true, // CJK extensions B and later
        _ => false,
    };

    // string.Normalize throws on ill-formed UTF-16, which broken PDF fonts can produce.
    private static string WithoutLoneSurrogates(string text)
    {
        if (!text.Any(char.IsSurrogate))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            clean.Append(rune.ToString());
        }

        return clean.ToString();
    }

    /// <summary>What joins a word to the next one.</summary>
    internal enum Link
    {
        /// <summary>White space or punctuation: separate words.</summary>
        None,

        /// <summary>A hyphen inside a line: parts of one compound ("Smith-Jones").</summary>
        Hyphen,

        /// <summary>A hyphen at a line end: one word broken across lines ("BER-\nGER"), or a compound broken after its hyphen.</summary>
        LineEndHyphen,

        /// <summary>A soft hyphen at a line end: one word broken across lines, never two.</summary>
        SoftLineBreak,
    }

    /// <summary>A normalised word and what joins it to the next one.</summary>
    internal readonly record struct Token(string Word, Link LinkToNext);
}
