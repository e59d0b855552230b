using System.Text.RegularExpressions;
using Registration.Api.Domain;

namespace Registration.UnitTests;

public class CountriesTests
{
    private static readonly string[] Observers = ["PSE", "VAT"];

    // States that are not UN Members but can be party to the Convention, and the European Union.
    private static readonly string[] OtherParties = ["COK", "NIU", "EUE"];

    [Fact]
    public void All_193_member_states_the_two_observer_states_and_the_other_possible_parties_are_listed()
    {
        Countries.All.Count.ShouldBe(198);
        Countries.All.Keys.Except(Observers).Except(OtherParties).Count().ShouldBe(193);
        Countries.All.Keys.ShouldContain("SSD"); // South Sudan, the 193rd Member State
    }

    [Theory]
    [InlineData("COK", "Cook Islands")]
    [InlineData("NIU", "Niue")]
    [InlineData("EUE", "European Union")]
    public void States_outside_the_un_and_the_european_union_can_register(string code, string name) =>
        Countries.NameOf(code).ShouldBe(name);

    [Fact]
    public void Both_observer_states_are_listed()
    {
        foreach (var code in Observers)
        {
            Countries.IsKnown(code).ShouldBeTrue(code);
        }
    }

    [Theory]
    [InlineData("XKX")] // Kosovo
    [InlineData("TWN")] // Taiwan
    [InlineData("ESH")] // Western Sahara
    [InlineData("PRI")] // Puerto Rico
    [InlineData("GRL")] // Greenland
    [InlineData("HKG")] // Hong Kong
    public void Territories_and_non_member_entities_are_not_listed(string code) =>
        Countries.IsKnown(code).ShouldBeFalse();

    [Fact]
    public void Codes_are_three_upper_case_letters() =>
        Countries.All.Keys.ShouldAllBe(code => Regex.IsMatch(code, "^[A-Z]{3}$"));

    [Fact]
    public void Names_are_not_blank() =>
        Countries.All.Values.ShouldAllBe(name => !string.IsNullOrWhiteSpace(name) && name.Trim() == name);

    [Fact]
    public void Names_are_unique() =>
        Countries.All.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(Countries.All.Count);

    [Theory]
    [InlineData("AUT", "Austria")]
    [InlineData("DEU", "Germany")]
    [InlineData("PSE", "State of Palestine")]
    [InlineData("VAT", "Holy See")]
    [InlineData("CIV", "Côte d'Ivoire")]
    [InlineData("TUR", "Türkiye")]
    [InlineData("GBR", "United Kingdom of Great Britain and Northern Ireland")]
    [InlineData("USA", "United States of America")]
    [InlineData("KOR", "Republic of Korea")]
    [InlineData("PRK", "Democratic People's Republic of Korea")]
    [InlineData("NLD", "Netherlands (Kingdom of the)")]
    [InlineData("SSD", "South Sudan")]
    public void Known_codes_give_the_UN_short_name(string code, string expected)
    {
        Countries.TryGetName(code, out var name).ShouldBeTrue();
        name.ShouldBe(expected);
        Countries.IsKnown(code).ShouldBeTrue();
        Countries.NameOf(code).ShouldBe(expected);
    }

    [Theory]
    [InlineData("aut")]
    [InlineData("Aut")]
    [InlineData("deU")]
    public void Lower_case_codes_are_not_accepted(string code)
    {
        Countries.TryGetName(code, out var name).ShouldBeFalse();
        name.ShouldBeNull();
        Countries.IsKnown(code).ShouldBeFalse();
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("AT")]
    [InlineData(" AUT")]
    [InlineData("AUTT")]
    public void Unknown_codes_are_refused(string? code)
    {
        Countries.TryGetName(code, out var name).ShouldBeFalse();
        name.ShouldBeNull();
        Countries.IsKnown(code).ShouldBeFalse();
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("")]
    [InlineData("aut")]
    public void NameOf_throws_for_unknown_codes(string code) =>
        Should.Throw<ArgumentException>(() => Countries.NameOf(code));
}
