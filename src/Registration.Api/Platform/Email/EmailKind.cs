namespace Registration.Api.Platform.Email;

/// <summary>
/// What an e-mail tells whom. On the wire (the template's path): <c>registration-received</c>,
/// <c>registration-approved</c>, <c>registration-rejected</c> (to the nominee), <c>note-verbale-unmatched</c> and
/// <c>deadline-reminder</c> (to the delegation's focal point).
/// </summary>
public enum EmailKind
{
    RegistrationReceived,
    RegistrationApproved,
    RegistrationRejected,
    NoteVerbaleUnmatched,
    DeadlineReminder,
}

public static class EmailKinds
{
    public static readonly IReadOnlyList<EmailKind> All = Enum.GetValues<EmailKind>();

    public static string Wire(this EmailKind kind) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public static bool TryParse(string? wire, out EmailKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Wire(), wire, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Who receives it and when, for the OpenAPI descriptions.</summary>
    public static string Purpose(this EmailKind kind) => kind switch
    {
        EmailKind.RegistrationReceived => "to the nominee, when their registration is received, whoever registered them",
        EmailKind.RegistrationApproved => "to the nominee, when the secretariat approves them, with their meetings and mode of participation",
        EmailKind.RegistrationRejected => "to the nominee, when the secretariat rejects them, with the reason",
        EmailKind.NoteVerbaleUnmatched => "to the delegation's focal point, when a note verbale is uploaded and active delegates are still not named by any note that counts",
        EmailKind.DeadlineReminder => "to the delegation's focal point, three days before the registration deadline, while delegates are pending or not named by a note verbale",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
