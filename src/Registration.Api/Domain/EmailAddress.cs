using System.Text.RegularExpressions;

namespace Registration.Api.Domain;

/// <summary>
/// The one definition of an e-mail address, for registration and for finding addresses in a note verbale's text, so
/// that every address a delegate may register can also be recognised in a note. A dot-atom local part (letters and
/// digits of any script and <c>! # $ % &amp; ' * + - / = ? ^ _ ` { | } ~</c>, dots between them), "@", and a domain of
/// at least two dot-separated labels (letters and digits of any script, hyphens inside).
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;

    private const string AtomCharacter = @"[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]";
    private const string Label = @"[\p{L}\p{M}\p{N}]+(?:-+[\p{L}\p{M}\p{N}]+)*";
    private const string Address = AtomCharacter + @"+(?:\." + AtomCharacter + @"+)*@" + Label + @"(?:\." + Label + ")+";

    /// <summary>True for a single address as defined above, within RFC 5321's length limits.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var email = value.Trim();
        return email.Length <= MaxLength && email.IndexOf('@', StringComparison.Ordinal) <= MaxLocalPartLength && Whole().IsMatch(email);
    }

    /// <summary>Addresses are compared without regard to case or surrounding white space.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// The addresses standing in <paramref name="text"/> as whole runs of address characters: "x.anna@mfa.gov.uk" holds
    /// only itself, not "anna@mfa.gov"; a sentence's closing full stop is not part of the address.
    /// </summary>
    public static MatchCollection FindIn(string text) => InText().Matches(text);

    /// <summary><paramref name="text"/> with every address replaced by <paramref name="replacement"/>.</summary>
    public static string RemoveFrom(string text, string replacement) => InText().Replace(text, replacement);

    [GeneratedRegex(@"\A" + Address + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    // Not preceded by an address character or a dot, and not followed by one that would make the domain longer.
    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-])" + Address + @"(?![\p{L}\p{M}\p{N}-]|\.[\p{L}\p{M}\p{N}])", RegexOptions.CultureInvariant)]
    private static partial Regex InText();
}
