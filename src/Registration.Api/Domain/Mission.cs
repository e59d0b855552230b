namespace Registration.Api.Domain;

/// <summary>The six official languages of the United Nations. On the wire: <c>ar</c>, <c>zh</c>, <c>en</c>, <c>fr</c>, <c>ru</c>, <c>es</c>.</summary>
public enum OfficialLanguage
{
    Ar,
    Zh,
    En,
    Fr,
    Ru,
    Es,
}

public static class OfficialLanguages
{
    public static string Wire(this OfficialLanguage language) => language.ToString().ToLowerInvariant();

    public static bool TryParse(string? wire, out OfficialLanguage language)
    {
        language = default;
        return wire is { Length: 2 } && wire.All(char.IsAsciiLetterLower) && Enum.TryParse(wire, ignoreCase: true, out language);
    }

    public const string List = "ar, zh, en, fr, ru, es";
}

/// <summary>What a mission's record holds, as the secretariat writes it (one request or one CSV line).</summary>
public sealed record MissionFields(
    string Name,
    string? AccreditedTo,
    string? AddressLine2,
    string? AddressLine3,
    string? City,
    string? PostalCode,
    string? AddressCountry,
    string? Salutation,
    IReadOnlyList<string> Emails,
    OfficialLanguage Language);

/// <summary>
/// A State's (or an organisation's) Permanent Mission as the secretariat writes to it: one per country code (a unique
/// index), with the address block letters carry and the focal points' addresses letters are e-mailed to.
/// </summary>
public sealed class Mission
{
    public const int MaxNameLength = 300;
    public const int MaxLineLength = 300;
    public const int MaxShortLength = 100;
    public const int MaxEmails = 10;

    private Mission()
    {
    }

    public Mission(string country, MissionFields fields, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        Country = country;
        CreatedAt = now;
        Update(fields, now);
    }

    public Guid Id { get; private set; }

    /// <summary>ISO 3166-1 alpha-3 (<c>EUE</c> for the European Union).</summary>
    public string Country { get; private set; } = "";

    /// <summary>The mission's name, first line of the address: <c>Permanent Mission of Austria</c> (<c>[[[AddressLine1PR]]]</c>).</summary>
    public string Name { get; private set; } = "";

    /// <summary>What it is accredited to: <c>to the United Nations (Vienna)</c> (<c>[[[ToUNOV]]]</c>).</summary>
    public string? AccreditedTo { get; private set; }

    public string? AddressLine2 { get; private set; }
    public string? AddressLine3 { get; private set; }
    public string? City { get; private set; }
    public string? PostalCode { get; private set; }

    /// <summary>The country of the postal address (<c>Austria</c>), which is not always the State's.</summary>
    public string? AddressCountry { get; private set; }

    public string? Salutation { get; private set; }
    public List<string> Emails { get; private set; } = [];
    public OfficialLanguage Language { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public MissionFields Fields => new(Name, AccreditedTo, AddressLine2, AddressLine3, City, PostalCode, AddressCountry, Salutation, Emails, Language);

    public void Update(MissionFields fields, DateTimeOffset now)
    {
        Name = fields.Name.Trim();
        AccreditedTo = Blank(fields.AccreditedTo);
        AddressLine2 = Blank(fields.AddressLine2);
        AddressLine3 = Blank(fields.AddressLine3);
        City = Blank(fields.City);
        PostalCode = Blank(fields.PostalCode);
        AddressCountry = Blank(fields.AddressCountry);
        Salutation = Blank(fields.Salutation);
        Emails = [.. fields.Emails.Select(EmailAddress.Normalize).Distinct(StringComparer.Ordinal)];
        Language = fields.Language;
        UpdatedAt = now;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
