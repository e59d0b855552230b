using System.Globalization;
using System.Text.RegularExpressions;

namespace Registration.UnitTests;

/// <summary>
/// Theory data with control or bidirectional characters is written escaped (<c>@"\u202Efdp.exe"</c>), so test names
/// in the log stay plain text; tests decode it here.
/// </summary>
public static partial class Escaped
{
    public static string Text(string escaped) =>
        Escape().Replace(escaped, m => char.ConvertFromUtf32(int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")]
    private static partial Regex Escape();
}
