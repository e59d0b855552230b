using FluentValidation;

namespace Registration.Api.Features;

/// <summary>
/// The one character rule for every free-text field (names, titles, venues, reasons, comments, search terms): text that
/// PostgreSQL can store and that reads as what it shows.
/// </summary>
internal static class TextRules
{
    /// <summary>
    /// True when <paramref name="text"/> has no control characters (line breaks and tabs only where
    /// <paramref name="multiline"/>), no bidirectional embedding, override or isolate characters (which make text read
    /// other than it is stored, as in "‮fdp.exe"), and no unpaired surrogates. PostgreSQL refuses U+0000 in text.
    /// </summary>
    public static bool IsCleanText(string? text, bool multiline = false)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsBidiControl(c) || (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates).</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>A single line of free text: no control characters at all.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLineText<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => IsCleanText(v)).WithMessage("{PropertyName} must not contain control or bidirectional formatting characters.");

    /// <summary>Free text that may run over several lines (reasons, comments): line breaks and tabs are allowed.</summary>
    public static IRuleBuilderOptions<T, string?> MultiLineText<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => IsCleanText(v, multiline: true)).WithMessage("{PropertyName} must not contain control characters other than line breaks and tabs, nor bidirectional formatting characters.");
}
