using Registration.Api.Domain.Matching;

namespace Registration.UnitTests.Matching;

/// <summary>Matching on pages read by OCR: what OCR gets wrong is tolerated, different names are never taken for one another.</summary>
public sealed class OcrToleranceTests
{
    // A note of two pages: the first from its text layer, the second read by OCR.
    private static NoteMatch OnScannedPage(string scanned, string givenName, string familyName) =>
        NoteText.From("The Permanent Mission presents its compliments\f" + scanned, ocrPages: [2]).Locate(givenName, familyName, null);

    private static NoteMatch OnTextLayer(string text, string givenName, string familyName) =>
        NoteText.From(text).Locate(givenName, familyName, null);

    [Fact]
    public void An_exact_name_on_a_scanned_page_matches_and_says_it_came_from_ocr_and_where()
    {
        var match = OnScannedPage("Ms. Anna BERGER, Counsellor", "Anna", "Berger");

        match.ShouldBe(new NoteMatch(NameMatch.Full, 2, ByOcr: true, ReadAs: null));
    }

    [Fact]
    public void A_letter_misread_in_a_long_name_part_matches_and_shows_what_was_read()
    {
        var match = OnScannedPage("Ms. Anna BERGCR, Counsellor", "Anna", "Berger");

        match.ShouldBe(new NoteMatch(NameMatch.Full, 2, ByOcr: true, ReadAs: "anna bergcr"));
    }

    [Fact]
    public void The_same_misreading_in_a_text_layer_is_no_match() =>
        OnTextLayer("Ms. Anna BERGCR, Counsellor", "Anna", "Berger").Match.ShouldBe(NameMatch.None);

    [Theory]
    [InlineData("Mr. Peter KRARNER", "Peter", "Kramer")]   // rn read for m
    [InlineData("Mr. Pau1 SCHMIDT", "Paul", "Schmidt")]    // 1 read for l
    [InlineData("Ms. 0lga PETROVA", "Olga", "Petrova")]    // 0 read for O
    [InlineData("Ms. Olga PETR0VA", "Olga", "Petrova")]
    [InlineData("Mr. J ohann WEBER", "Johann", "Weber")]   // a word OCR split in two
    [InlineData("Ms. Anna BERG-\nER", "Anna", "Berger")]   // a line-end hyphen still joins
    [InlineData("Ms. Margarethe WOLFENSTEIIN", "Margarethe", "Wolfenstein")] // one letter too many
    [InlineData("Ms. Margarethe WLFENSTEN", "Margarethe", "Wolfenstein")]    // two letters lost in a long part
    public void Common_ocr_errors_are_tolerated(string scanned, string givenName, string familyName) =>
        OnScannedPage(scanned, givenName, familyName).Match.ShouldBe(NameMatch.Full);

    [Fact]
    public void Cyrillic_and_arabic_misreadings_are_tolerated()
    {
        OnScannedPage("Г-н Сергей ИВАИОВ", "Сергей", "Иванов").Match.ShouldBe(NameMatch.Full); // и read for н
        OnScannedPage("أحمذ حسن", "أحمد", "حسن").Match.ShouldBe(NameMatch.Full);               // a dot too many: ذ for د
    }

    [Fact]
    public void Ben_anna_is_still_not_anna_berger() =>
        OnScannedPage("Mr. Ben ANNA, Adviser", "Anna", "Berger").Match.ShouldBe(NameMatch.None);

    [Theory]
    [InlineData("Ms. Anne BERGER", "Anna", "Berger")]      // short name parts must be read exactly
    [InlineData("Mr. Jan NOVAK", "Jon", "Novak")]
    [InlineData("Ms. Anna BCRGCR", "Anna", "Berger")]      // two errors in a six-letter part
    [InlineData("Ms. Anna WEBER", "Anna", "Berger")]
    [InlineData("Mr. Ali HASSAN", "Ala", "Hassan")]
    public void Different_or_too_damaged_names_do_not_match(string scanned, string givenName, string familyName) =>
        OnScannedPage(scanned, givenName, familyName).Match.ShouldBe(NameMatch.None);

    [Fact]
    public void A_whole_name_is_still_needed_on_a_scan_not_just_a_similar_part() =>
        OnScannedPage("Ms. Anna BERGCR-HUBER", "Anna", "Berger").Match.ShouldBe(NameMatch.Partial);

    [Fact]
    public void Tolerance_is_word_by_word_in_order_given_then_family_or_family_then_given()
    {
        OnScannedPage("BERGCR, Anna", "Anna", "Berger").Match.ShouldBe(NameMatch.Full);
        OnScannedPage("Anna, Counsellor, BERGCR", "Anna", "Berger").Match.ShouldBe(NameMatch.None);
    }

    [Fact]
    public void An_exact_name_on_the_text_layer_wins_over_a_tolerated_one_on_a_scan()
    {
        var match = NoteText.From("Ms. Anna BERGCR\fMs. Anna Berger", ocrPages: [1]).Locate("Anna", "Berger", null);

        match.ShouldBe(new NoteMatch(NameMatch.Full, 2, ByOcr: false, ReadAs: null));
    }

    [Theory]
    [InlineData("berger", "bergcr", true)]
    [InlineData("berger", "bergers", true)]
    [InlineData("berger", "berg", false)]
    [InlineData("anna", "anne", false)]
    [InlineData("kramer", "krarner", true)]
    [InlineData("wolfenstein", "wlfenstn", false)]
    public void Similar_words(string registered, string read, bool similar) =>
        OcrTolerance.Similar(registered, read).ShouldBe(similar);
}
