using System.Globalization;

namespace Registration.Api.Domain.Letters;

/// <summary>
/// The merge fields a letter template may use, written <c>[[[FieldName]]]</c> as in the secretariat's notes: those
/// filled from each mission's record, and those filled from the run. Dates are written the way notes write them
/// (<c>13 May 2024</c>), and a weekday is always computed from its date, never typed: the seed's own invitation pairs
/// 28 August 2023 with the wrong weekday.
/// </summary>
public static class LetterFields
{
    /// <summary>The fields of a mission, with where each comes from.</summary>
    public static readonly IReadOnlyDictionary<string, string> MissionFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AddressLine1PR"] = "the mission's name (`name`), for example Permanent Mission of Austria",
        ["ToUNOV"] = "what the mission is accredited to (`accreditedTo`), for example to the United Nations (Vienna)",
        ["AddressLine2PR"] = "street and number (`addressLine2`)",
        ["AddressLine3PR"] = "a further address line (`addressLine3`)",
        ["CityPR"] = "the city (`city`)",
        ["PostalCodePR"] = "the postal code (`postalCode`)",
        ["CountryAddressName"] = "the country of the postal address (`addressCountry`)",
        ["Salutation"] = "how the letter greets the mission (`salutation`)",
        ["CountryName"] = "the State's English short name",
        ["CountryCode"] = "the State's ISO 3166-1 alpha-3 code",
    };

    /// <summary>The fields of a run, with where each comes from.</summary>
    public static readonly IReadOnlyDictionary<string, string> RunFields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Reference"] = "the run's `reference`, for example CU 2024/132(A)/DTA/CEB/TSS",
        ["Subject"] = "the run's `subject`",
        ["Date"] = "the run's `date`, written 13 May 2024",
        ["DateWithWeekday"] = "the run's `date` with its weekday, computed: Monday, 13 May 2024",
        ["Deadline"] = "the run's `deadline`, written 7 June 2024",
        ["DeadlineWithWeekday"] = "the run's `deadline` with its weekday, computed: Friday, 7 June 2024",
    };

    public static bool IsKnown(string name) => MissionFields.ContainsKey(name) || RunFields.ContainsKey(name);

    /// <summary>A field list for messages and documentation: <c>[[[AddressLine1PR]]]</c>, ...</summary>
    public static string Listed(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"[[[{n}]]]"));

    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string DayWithWeekday(DateOnly date) => date.ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>Every field's value for one letter; null where the mission or the run has none.</summary>
    public static IReadOnlyDictionary<string, string?> Values(string country, Mission? mission, LetterRunValues run) =>
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["AddressLine1PR"] = mission?.Name,
            ["ToUNOV"] = mission?.AccreditedTo,
            ["AddressLine2PR"] = mission?.AddressLine2,
            ["AddressLine3PR"] = mission?.AddressLine3,
            ["CityPR"] = mission?.City,
            ["PostalCodePR"] = mission?.PostalCode,
            ["CountryAddressName"] = mission?.AddressCountry,
            ["Salutation"] = mission?.Salutation,
            ["CountryName"] = Countries.TryGetName(country, out var name) ? name : null,
            ["CountryCode"] = country,
            ["Reference"] = run.Reference,
            ["Subject"] = run.Subject,
            ["Date"] = Day(run.Date),
            ["DateWithWeekday"] = DayWithWeekday(run.Date),
            ["Deadline"] = run.Deadline is { } deadline ? Day(deadline) : null,
            ["DeadlineWithWeekday"] = run.Deadline is { } d ? DayWithWeekday(d) : null,
        };

    /// <summary>The fields <paramref name="used"/> that have no value, in the template's order.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> used, IReadOnlyDictionary<string, string?> values) =>
        [.. used.Where(f => !values.TryGetValue(f, out var v) || string.IsNullOrWhiteSpace(v))];
}

/// <summary>What a run gives every letter.</summary>
public sealed record LetterRunValues(string? Reference, string? Subject, DateOnly Date, DateOnly? Deadline);
