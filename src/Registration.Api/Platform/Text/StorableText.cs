using System.Globalization;
using System.Text;

namespace Registration.Api.Platform.Text;

/// <summary>Character rules for text the API stores from files it did not write.</summary>
public static class StorableText
{
    /// <summary>
    /// Text as PostgreSQL and UTF-8 accept it: without U+0000 and other C0/C1 control characters (a broken font in a PDF
    /// can produce them) and without lone surrogates (which cannot be encoded). Everything else, format characters such
    /// as the zero-width non-joiner included, is kept: it is part of how a name is written.
    /// </summary>
    public static string Clean(string text)
    {
        if (!NeedsCleaning(text, forName: false))
        {
            return text;
        }

        return Keep(text, forName: false);
    }

    /// <summary>
    /// A name to show to people (a file name): also without format characters — bidirectional overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069), marks, zero-width characters — and without line or paragraph separators, so that
    /// <c>"\u202Efdp.exe"</c> cannot pass for something it is not.
    /// </summary>
    public static string CleanName(string text) => NeedsCleaning(text, forName: true) ? Keep(text, forName: true) : text;

    private static bool NeedsCleaning(string text, bool forName)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Drops(text, i, forName, out var width))
            {
                return true;
            }

            i += width - 1;
        }

        return false;
    }

    private static string Keep(string text, bool forName)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!Drops(text, i, forName, out var width))
            {
                kept.Append(text, i, width);
            }

            i += width - 1;
        }

        return kept.ToString();
    }

    private static bool Drops(string text, int i, bool forName, out int width)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return forName && CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format; // e.g. U+E0001 LANGUAGE TAG
        }

        width = 1;
        return CharUnicodeInfo.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.Surrogate or UnicodeCategory.Control => true,
            UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => forName,
            _ => false,
        };
    }
}
