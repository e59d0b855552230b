using FluentValidation;
using Registration.Api.Domain;

namespace Registration.Api.Features.Missions;

/// <summary>A Permanent Mission in the secretariat's directory.</summary>
/// <param name="Id">The mission's id.</param>
/// <param name="Country">ISO 3166-1 alpha-3 code of the State (<c>EUE</c>: the European Union); one mission per code.</param>
/// <param name="CountryName">The State's English short name.</param>
/// <param name="Name">The mission's name, the address's first line: letters' <c>[[[AddressLine1PR]]]</c>.</param>
/// <param name="AccreditedTo">What the mission is accredited to, <c>to the United Nations (Vienna)</c>: letters' <c>[[[ToUNOV]]]</c>.</param>
/// <param name="AddressLine2">Street and number: <c>[[[AddressLine2PR]]]</c>.</param>
/// <param name="AddressLine3">A further address line: <c>[[[AddressLine3PR]]]</c>.</param>
/// <param name="City">The city: <c>[[[CityPR]]]</c>.</param>
/// <param name="PostalCode">The postal code: <c>[[[PostalCodePR]]]</c>.</param>
/// <param name="AddressCountry">The country of the postal address: <c>[[[CountryAddressName]]]</c>.</param>
/// <param name="Salutation">How a letter greets the mission: <c>[[[Salutation]]]</c>.</param>
/// <param name="Emails">The focal points' addresses, which letters are e-mailed to.</param>
/// <param name="Language">The official language the mission prefers.</param>
/// <param name="CreatedAt">When the record was created (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
public sealed record MissionResponse(
    Guid Id,
    string Country,
    string CountryName,
    string Name,
    string? AccreditedTo,
    string? AddressLine2,
    string? AddressLine3,
    string? City,
    string? PostalCode,
    string? AddressCountry,
    string? Salutation,
    IReadOnlyList<string> Emails,
    OfficialLanguage Language,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal static class MissionMapping
{
    public static MissionResponse ToResponse(this Mission m) => new(
        m.Id, m.Country, Countries.NameOf(m.Country), m.Name, m.AccreditedTo, m.AddressLine2, m.AddressLine3, m.City, m.PostalCode,
        m.AddressCountry, m.Salutation, m.Emails, m.Language, m.CreatedAt.ToUniversalTime(), m.UpdatedAt.ToUniversalTime());

    public static DomainFailure NotFound(Guid missionId) =>
        DomainFailure.NotFound(ErrorCodes.MissionNotFound, $"There is no mission with id {missionId}.");
}

/// <summary>A mission's fields as a request writes them.</summary>
public class MissionInput
{
    /// <summary>The mission's name, the address's first line, for example <c>Permanent Mission of Austria</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>What it is accredited to, for example <c>to the United Nations (Vienna)</c>.</summary>
    public string? AccreditedTo { get; init; }

    /// <summary>Street and number.</summary>
    public string? AddressLine2 { get; init; }

    /// <summary>A further address line.</summary>
    public string? AddressLine3 { get; init; }

    public string? City { get; init; }

    public string? PostalCode { get; init; }

    /// <summary>The country of the postal address, for example <c>Austria</c>.</summary>
    public string? AddressCountry { get; init; }

    /// <summary>How a letter greets the mission, for example <c>Excellency</c>.</summary>
    public string? Salutation { get; init; }

    /// <summary>The focal points' e-mail addresses (at most 10); letters are e-mailed to all of them.</summary>
    public List<string> Emails { get; init; } = [];

    /// <summary>The official language the mission prefers (default <c>en</c>).</summary>
    public OfficialLanguage Language { get; init; } = OfficialLanguage.En;

    public MissionFields ToFields() => new(Name, AccreditedTo, AddressLine2, AddressLine3, City, PostalCode, AddressCountry, Salutation, Emails, Language);
}

internal static class MissionInputRules
{
    public static void AddMissionRules<T>(this AbstractValidator<T> validator)
        where T : MissionInput =>
        validator.RuleFor(r => r).Custom((r, context) =>
        {
            foreach (var (field, message) in MissionRules.Problems(r.ToFields()))
            {
                context.AddFailure(field, message);
            }
        });
}

/// <summary>The example missions: fictional addresses of real States, for the OpenAPI examples and the sample CSV.</summary>
internal static class ExampleMission
{
    public static readonly CreateMissionRequest Request = new()
    {
        Country = "AUT",
        Name = "Permanent Mission of Austria",
        AccreditedTo = "to the United Nations (Vienna)",
        AddressLine2 = "Example Street 1",
        City = "Vienna",
        PostalCode = "1010",
        AddressCountry = "Austria",
        Salutation = "Excellency",
        Emails = ["focal.point@example.gv.at"],
        Language = OfficialLanguage.En,
    };
}
