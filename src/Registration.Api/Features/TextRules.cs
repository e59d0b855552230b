using FluentValidation;

namespace Registration.Api.Features;

/// <summary>
/// The one character rule for every free-text field (names, titles, venues, reasons, comments, search terms): text that
/// PostgreSQL can store and that reads as what it shows.
/// </summary>
internal static class TextRules
{
    /// <summary>
    /// True when <paramref name="text"/> has no control characters (C0 or C1; line breaks and tabs only where
    /// <paramref name="multiline"/>), no invisible format characters — bidirectional embeddings, overrides, isolates and
    /// marks (which make text read other than it is stored, as in "‮fdp.exe"), zero-width spaces, soft hyphens, byte order
    /// marks, tag characters — except the zero-width non-joiner and joiner that Persian, Indic and other scripts need in
    /// real names, and no unpaired surrogates. PostgreSQL refuses U+0000 in text.
    /// </summary>
    public static bool IsCleanText(string? text, bool multiline = false)
    {
        if (text is null)
        {
            return true;
        }

        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(rest, out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            var category = System.Text.Rune.GetUnicodeCategory(rune);
            if ((category == System.Globalization.UnicodeCategory.Control && !(multiline && rune.Value is '\n' or '\r' or '\t'))
                || (category == System.Globalization.UnicodeCategory.Format && rune.Value is not (ZeroWidthNonJoiner or ZeroWidthJoiner)))
            {
                return false;
            }

            rest = rest[length..];
        }

        return true;
    }

    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;

    /// <summary>A single line of free text: no control characters at all.</summary>
    public static IRuleBuilderOptions<T, string?> SingleLineText<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => IsCleanText(v)).WithMessage("{PropertyName} must not contain control characters or invisible formatting characters (bidirectional controls, zero-width spaces, soft hyphens).");

    /// <summary>Free text that may run over several lines (reasons, comments): line breaks and tabs are allowed.</summary>
    public static IRuleBuilderOptions<T, string?> MultiLineText<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => IsCleanText(v, multiline: true)).WithMessage("{PropertyName} must not contain control characters other than line breaks and tabs, nor invisible formatting characters.");
}
