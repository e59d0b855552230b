using System.Text;

namespace Registration.Api.Domain.Matching;

/// <summary>
/// What OCR gets wrong in a name that a person would still read as the same name. Applied only to pages read by OCR,
/// word by word and in order, so a name never matches across different names: "Ben Anna" is still not "Anna Berger".
/// </summary>
/// <remarks>
/// Two normalised words (<see cref="TextNormalizer"/>) are read as the same when, after folding the glyphs OCR confuses
/// (<c>rn</c> read for <c>m</c>, <c>1</c> for <c>l</c>, <c>0</c> for <c>o</c>; in Arabic, letters that differ only by
/// their dots: ذ for د, ز for ر, ش for س, ض for ص, ظ for ط, غ for ع, خ and ج for ح) on both sides, they are equal, or the
/// registered word is a long one and differs by a small edit distance: one letter inserted, dropped or replaced in a word
/// of <see cref="OneEditLength"/> letters or more, two from <see cref="TwoEditsLength"/> letters. Shorter words (most
/// given names, Arabic and Chinese names written with few letters) must be read exactly, after folding.
/// </remarks>
public static class OcrTolerance
{
    /// <summary>Words at least this long (in letters) may differ by one edit.</summary>
    public const int OneEditLength = 5;

    /// <summary>Words at least this long may differ by two edits.</summary>
    public const int TwoEditsLength = 9;

    /// <summary>True when <paramref name="read"/> (from OCR) can be the registered word <paramref name="registered"/>.</summary>
    public static bool Similar(string registered, string read) =>
        string.Equals(registered, read, StringComparison.Ordinal) || new Name(registered).IsReadAs(Fold(read));

    /// <summary>A registered word, folded once, with the edits its length allows: compared with many folded readings.</summary>
    internal readonly struct Name(string word)
    {
        private readonly string folded = Fold(word);
        private readonly int allowed = AllowedEdits(word);

        /// <summary>True when the folded reading can be this word.</summary>
        public bool IsReadAs(string foldedReading) =>
            string.Equals(folded, foldedReading, StringComparison.Ordinal)
            || (allowed > 0 && Math.Abs(folded.Length - foldedReading.Length) <= allowed && EditDistance(folded, foldedReading, allowed) <= allowed);
    }

    private static int AllowedEdits(string word)
    {
        var letters = word.EnumerateRunes().Count();
        return letters >= TwoEditsLength ? 2 : letters >= OneEditLength ? 1 : 0;
    }

    // Arabic letters OCR reads with a dot too many or too few, each folded to the letter of the same shape.
    private static readonly Dictionary<char, char> ArabicDots = new()
    {
        ['\u0630'] = '\u062F', // ذ → د
        ['\u0632'] = '\u0631', // ز → ر
        ['\u0634'] = '\u0633', // ش → س
        ['\u0636'] = '\u0635', // ض → ص
        ['\u0638'] = '\u0637', // ظ → ط
        ['\u063A'] = '\u0639', // غ → ع
        ['\u062E'] = '\u062D', // خ → ح
        ['\u062C'] = '\u062D', // ج → ح
    };

    private static readonly System.Buffers.SearchValues<char> Confused =
        System.Buffers.SearchValues.Create("rn10\u0630\u0632\u0634\u0636\u0638\u063A\u062E\u062C");

    /// <summary>The glyphs OCR confuses, folded the same way on both sides.</summary>
    internal static string Fold(string word)
    {
        if (word.AsSpan().IndexOfAny(Confused) < 0)
        {
            return word;
        }

        var folded = new StringBuilder(word.Length);
        for (var index = 0; index < word.Length; index++)
        {
            switch (word[index])
            {
                case 'r' when index + 1 < word.Length && word[index + 1] == 'n':
                    folded.Append('m');
                    index++;
                    break;
                case '1':
                    folded.Append('l');
                    break;
                case '0':
                    folded.Append('o');
                    break;
                case var letter when ArabicDots.TryGetValue(letter, out var undotted):
                    folded.Append(undotted);
                    break;
                default:
                    folded.Append(word[index]);
                    break;
            }
        }

        return folded.ToString();
    }

    /// <summary>
    /// Levenshtein distance over UTF-16 code units (a letter outside the Basic Multilingual Plane may count as two, which
    /// only makes a match less likely), stopping early once it is above <paramref name="bound"/> (then bound + 1).
    /// </summary>
    internal static int EditDistance(string a, string b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound)
        {
            return bound + 1;
        }

        Span<int> rows = b.Length < 128 ? stackalloc int[2 * (b.Length + 1)] : new int[2 * (b.Length + 1)];
        var previous = rows[..(b.Length + 1)];
        var current = rows[(b.Length + 1)..];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowBest = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                rowBest = Math.Min(rowBest, current[j]);
            }

            if (rowBest > bound)
            {
                return bound + 1;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return Math.Min(previous[b.Length], bound + 1);
    }
}
