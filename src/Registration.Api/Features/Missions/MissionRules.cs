using FluentValidation;
using Registration.Api.Domain;

namespace Registration.Api.Features.Missions;

/// <summary>The rules of a mission's record, the same for a request and for a CSV line.</summary>
internal static class MissionRules
{
    /// <summary>Every broken rule, as (camelCase field, message).</summary>
    public static IEnumerable<(string Field, string Message)> Problems(MissionFields fields)
    {
        if (string.IsNullOrWhiteSpace(fields.Name))
        {
            yield return ("name", "name is required: the mission's name, for example Permanent Mission of Austria.");
        }

        foreach (var (field, value, max) in new (string, string?, int)[]
        {
            ("name", fields.Name, Mission.MaxNameLength),
            ("accreditedTo", fields.AccreditedTo, Mission.MaxLineLength),
            ("addressLine2", fields.AddressLine2, Mission.MaxLineLength),
            ("addressLine3", fields.AddressLine3, Mission.MaxLineLength),
            ("city", fields.City, Mission.MaxShortLength),
            ("postalCode", fields.PostalCode, Mission.MaxShortLength),
            ("addressCountry", fields.AddressCountry, Mission.MaxShortLength),
            ("salutation", fields.Salutation, Mission.MaxShortLength),
        })
        {
            if (value is null)
            {
                continue;
            }

            if (value.Trim().Length > max)
            {
                yield return (field, $"{field} must be at most {max} characters.");
            }
            else if (!TextRules.IsCleanText(value))
            {
                yield return (field, $"{field} must not contain control characters or invisible formatting characters.");
            }
        }

        if (fields.Emails.Count > Mission.MaxEmails)
        {
            yield return ("emails", $"emails may hold at most {Mission.MaxEmails} addresses.");
        }

        for (var i = 0; i < fields.Emails.Count; i++)
        {
            if (!EmailAddress.IsValid(fields.Emails[i]))
            {
                yield return ($"emails[{i}]", $"'{fields.Emails[i]}' is not an e-mail address, for example focal.point@example.gv.at.");
            }
        }
    }

    public static IRuleBuilderOptions<T, string?> MissionCountry<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(Countries.IsKnown)
        .WithMessage("country must be an upper-case ISO 3166-1 alpha-3 code of a State that can sign the Convention (EUE for the European Union), for example AUT.");
}
