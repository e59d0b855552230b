using Registration.Api.Domain;

namespace Registration.Api.Platform.Idempotency;

/// <summary>The <c>Idempotency-Key</c> request header: its rules and how it is read.</summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>The answer header that marks a replayed answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const string Rule =
        "1 to 255 printable ASCII characters (a UUID is a good key), sent as they are or as a quoted structured-field string (`\"...\"`).";

    /// <summary>
    /// The key the request carries, or null when it carries none. The IETF draft defines the value as a structured-field
    /// string (<c>"8e03978e-..."</c>); most clients send the bare value, so both are read. Anything else is a
    /// <c>400 validation-failed</c> naming the header (<see cref="ErrorsField"/>).
    /// </summary>
    public static string? Read(HttpRequest request)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw Invalid("Send one Idempotency-Key header, not several.");
        }

        var value = (values[0] ?? "").Trim(' ', '\t');
        var key = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? Unquote(value) : value;
        return key switch
        {
            null => throw Invalid("A quoted Idempotency-Key must be a structured-field string: printable ASCII, with \\\" and \\\\ as the only escapes."),
            "" => throw Invalid("The Idempotency-Key is empty; " + Rule),
            { Length: > IdempotencyRecord.MaxKeyLength } => throw Invalid($"The Idempotency-Key is {key.Length} characters long; " + Rule),
            _ when !key.All(IsPrintableAscii) => throw Invalid("The Idempotency-Key holds a character that is not printable ASCII; " + Rule),
            _ => key,
        };
    }

    private static string? Unquote(string quoted)
    {
        var key = new System.Text.StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '\\')
            {
                if (++i >= quoted.Length - 1 || quoted[i] is not ('"' or '\\'))
                {
                    return null;
                }

                c = quoted[i];
            }
            else if (c == '"' || !IsPrintableAscii(c))
            {
                return null;
            }

            key.Append(c);
        }

        return key.ToString();
    }

    private static bool IsPrintableAscii(char c) => c is >= ' ' and <= '~';

    /// <summary>The header's name as <c>errors</c> names it: field names there start lower-case.</summary>
    public const string ErrorsField = "idempotency-key";

    private static DomainFailure Invalid(string detail) => DomainFailure.Invalid(ErrorsField, detail);
}
