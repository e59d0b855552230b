using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Registration.Api.Domain;
using Registration.Api.Domain.Letters;
using Registration.Api.Platform.Docx;

namespace Registration.UnitTests.Letters;

public sealed class LetterFieldsTests
{
    [Theory]
    [InlineData("2023-08-28", "Monday, 28 August 2023")] // the seed's invitation says Wednesday
    [InlineData("2024-05-13", "Monday, 13 May 2024")]
    [InlineData("2024-06-07", "Friday, 7 June 2024")]
    [InlineData("2024-02-29", "Thursday, 29 February 2024")]
    public void A_weekday_is_computed_from_its_date(string date, string written) =>
        LetterFields.DayWithWeekday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(written);

    [Fact]
    public void A_field_is_missing_when_the_mission_or_the_run_has_no_value_for_it()
    {
        var mission = new Mission("AUT", new MissionFields("Permanent Mission of Austria", "to the United Nations (Vienna)", null, null, " ", null, "Austria", null, [], OfficialLanguage.En), DateTimeOffset.UnixEpoch);
        var values = LetterFields.Values("AUT", mission, new LetterRunValues("CU 2024/132(A)/DTA/CEB/TSS", null, new DateOnly(2024, 5, 13), null));

        LetterFields.Missing(["AddressLine1PR", "CityPR", "Reference", "Subject", "DeadlineWithWeekday", "CountryName"], values)
            .ShouldBe(["CityPR", "Subject", "DeadlineWithWeekday"]);
        values["CountryName"].ShouldBe("Austria");
    }

    public static TheoryData<string[]> SplitFields => new()
    {
        new[] { "[[[CityPR]]]" },
        new[] { "[[[Ci", "tyPR]]]" },
        new[] { "[", "[[", "C", "i", "t", "y", "P", "R", "]", "]]" },
        new[] { "At [[[Ci", "tyPR]]] and [[[Ci", "tyPR]]]." },
    };

    [Theory]
    [MemberData(nameof(SplitFields))]
    public void A_field_split_over_runs_is_found_and_merged_into_the_run_where_it_starts(string[] runs)
    {
        var template = Document(runs);

        WordDocument.FindFields(template).Fields.ShouldBe(["CityPR"]);
        var merged = WordDocument.Merge(template, new Dictionary<string, string?> { ["CityPR"] = "Vienna" });

        WordDocument.TextOf(merged).ShouldBe(string.Concat(runs).Replace("[[[CityPR]]]", "Vienna", StringComparison.Ordinal));
        using var document = WordprocessingDocument.Open(new MemoryStream(merged), false);
        var texts = document.MainDocumentPart!.Document!.Body!.Descendants<Text>().Select(t => t.Text).ToList();
        texts.Count.ShouldBe(runs.Length, "runs keep their number and formatting; only their text changes");
        texts.First(t => t.Length > 0).ShouldContain("Vienna");
    }

    [Fact]
    public void A_field_without_a_value_is_left_as_it_stands()
    {
        var merged = WordDocument.Merge(Document(["[[[Reference]]] [[[CityPR]]]"]), new Dictionary<string, string?> { ["CityPR"] = "Vienna", ["Reference"] = null });

        WordDocument.TextOf(merged).ShouldBe("[[[Reference]]] Vienna");
    }

    private static byte[] Document(string[] runs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Document(new Body(new Paragraph(runs.Select(r => new Run(new Text(r) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve })))));
        }

        return stream.ToArray();
    }
}
