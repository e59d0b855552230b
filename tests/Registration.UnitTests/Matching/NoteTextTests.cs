using Registration.Api.Domain.Matching;

namespace Registration.UnitTests.Matching;

public sealed class NoteTextTests
{
    private static bool Names(string note, string givenName, string familyName, string? email = null) =>
        NoteText.From(note).Names(givenName, familyName, email);

    private static NameMatch Find(string note, string givenName, string familyName, string? email = null) =>
        NoteText.From(note).Find(givenName, familyName, email);

    // Word order and forms of writing a name

    [Fact]
    public void Given_name_then_family_name_matches() =>
        Names("The delegation includes Anna Berger, Counsellor.", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void Family_name_first_in_capitals_with_a_comma_matches() =>
        Names("Delegates: BERGER, Anna (Counsellor)", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void A_title_before_the_name_is_ignored() =>
        Names("Ms. Anna BERGER, Second Secretary", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void Case_is_ignored() =>
        Names("ANNA BERGER", "anna", "berger").ShouldBeTrue();

    [Fact]
    public void Diacritics_are_ignored()
    {
        Names("Mr. Jürgen MULLER", "Jurgen", "Müller").ShouldBeTrue();
        Names("Mme Hélène LEFÈVRE", "Helene", "Lefevre").ShouldBeTrue();
        Names("Mr. Francois LEFEVRE", "François", "Lefèvre").ShouldBeTrue();
    }

    [Fact]
    public void Letters_with_a_stroke_and_sharp_s_are_folded()
    {
        Names("Mr. Lukasz WALESA", "Łukasz", "Wałęsa").ShouldBeTrue();
        Names("Mr. Soren KIERKEGAARD", "Søren", "Kierkegaard").ShouldBeTrue();
        Names("Herr Peter STRAUSS", "Peter", "Strauß").ShouldBeTrue();
        Names("Ông DANG Van An", "Văn An", "Đặng").ShouldBeTrue();
    }

    [Fact]
    public void Extra_spaces_tabs_and_non_breaking_spaces_are_ignored() =>
        Names("Ms.\t Anna \u00A0  \t BERGER", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void A_name_split_over_two_lines_without_hyphen_matches() =>
        Names("the delegation will include Ms. Anna\r\nBERGER, Counsellor", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void Punctuation_inside_names_is_ignored() =>
        Names("Mr. ANNA-MARIA O'NEILL, Adviser", "Anna-Maria", "O'Neill").ShouldBeTrue();

    [Fact]
    public void Typographic_apostrophes_and_hyphens_are_punctuation_too() =>
        Names("Mr. ANNA\u2010MARIA O\u2019NEILL", "Anna-Maria", "O'Neill").ShouldBeTrue();

    [Fact]
    public void A_hyphenated_given_name_matches_when_written_with_a_space() =>
        Names("M. Jean Pierre DE LA FONTAINE", "Jean-Pierre", "de la Fontaine").ShouldBeTrue();

    [Fact]
    public void Multi_word_given_and_family_names_match_in_either_order()
    {
        Names("Sra. María José GARCÍA LÓPEZ, Consejera", "María José", "García López").ShouldBeTrue();
        Names("GARCIA LOPEZ, Maria Jose", "María José", "García López").ShouldBeTrue();
        Names("M. Jean-Pierre de la Fontaine, Ministre", "Jean-Pierre", "de la Fontaine").ShouldBeTrue();
        Names("Ông NGUYỄN Văn An", "Văn An", "Nguyễn").ShouldBeTrue();
        Names("Mr. Nguyen Van An", "Van An", "Nguyen").ShouldBeTrue();
    }

    [Fact]
    public void Every_word_of_a_multi_word_name_is_required()
    {
        Names("Sra. María GARCÍA LÓPEZ", "María José", "García López").ShouldBeFalse();
        Names("Sra. María José GARCÍA", "María José", "García López").ShouldBeFalse();
    }

    [Fact]
    public void The_words_of_a_name_must_be_contiguous() =>
        Names("Anna, the wife of Mr. Berger", "Anna", "Berger").ShouldBeFalse();

    // Line-end hyphens

    [Fact]
    public void A_name_hyphenated_across_a_line_break_matches() =>
        Names("the delegation includes Ms. Anna BER-\nGER, Counsellor", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void A_compound_family_name_broken_after_its_hyphen_matches() =>
        Names("Herr Otto MULLER-\nLUDENSCHEID", "Otto", "Müller-Lüdenscheid").ShouldBeTrue();

    [Fact]
    public void A_compound_broken_at_a_line_end_also_reads_as_one_word() =>
        Names("Herr Otto MULLER-\nLUDENSCHEID", "Otto", "Mullerludenscheid").ShouldBeTrue();

    [Fact]
    public void Spaces_between_a_line_end_hyphen_and_the_line_break_are_tolerated() =>
        Names("Ms. Anna BER- \r\nGER", "Anna", "Berger").ShouldBeTrue();

    [Fact]
    public void A_soft_hyphen_is_invisible_inside_a_line_and_a_hyphen_at_a_line_end()
    {
        const string note = "Ms. Anna Ber\u00ADger and Mr. Otto Lu\u00AD\ndenscheid";
        Names(note, "Anna", "Berger").ShouldBeTrue();
        Names(note, "Otto", "Ludenscheid").ShouldBeTrue();
    }

    [Fact]
    public void A_hyphen_inside_a_line_does_not_join_words() =>
        Names("Ms. Anna BER-GER", "Anna", "Berger").ShouldBeFalse();

    // Names inside e-mail addresses and hyphenated compounds

    [Theory]
    [InlineData("Contact: peter.weber@mfa.gv.at, Tel. +43 1 531 15")]
    [InlineData("Contact: peter.weber @\nmfa.gv.at")]
    [InlineData("Contact: Weber.Peter@mfa.gv.at")]
    public void A_name_written_only_inside_an_e_mail_address_is_not_a_nomination(string note) =>
        Find(note, "Peter", "Weber").ShouldBe(NameMatch.None);

    [Fact]
    public void A_name_beside_an_e_mail_address_still_matches() =>
        Find("Mr. Peter WEBER (peter.weber@mfa.gv.at), Minister", "Peter", "Weber").ShouldBe(NameMatch.Full);

    [Theory]
    [InlineData("Mr. John SMITH-JONES, Counsellor", "John", "Smith")]
    [InlineData("Sr. Gabriel García-Márquez, Embajador", "Gabriel", "García")]
    [InlineData("Ms. Mary-Anna Berger", "Anna", "Berger")]
    [InlineData("Herr Otto MULLER-\nLUDENSCHEID", "Otto", "Müller")]
    public void A_name_that_is_only_part_of_a_hyphenated_compound_is_a_partial_match(string note, string given, string family) =>
        Find(note, given, family).ShouldBe(NameMatch.Partial);

    [Fact]
    public void A_line_end_hyphen_joins_the_word_so_the_first_part_alone_is_at_most_partial()
    {
        const string note = "the delegation includes Ms. Anna Berger-\nmann, Counsellor";

        Find(note, "Anna", "Bergermann").ShouldBe(NameMatch.Full);
        Find(note, "Anna", "Berger").ShouldBe(NameMatch.Partial);
    }

    [Fact]
    public void A_registered_compound_matches_the_compound_in_full() =>
        Find("Mr. John SMITH-JONES, Counsellor", "John", "Smith-Jones").ShouldBe(NameMatch.Full);

    [Fact]
    public void A_full_match_elsewhere_in_the_note_wins_over_a_partial_one() =>
        Find("Mr. John Smith-Jones, Counsellor; Mr. John Smith, Adviser", "John", "Smith").ShouldBe(NameMatch.Full);

    [Fact]
    public void A_dash_between_spaces_separates_names_rather_than_joining_them() =>
        Find("Mr. John Smith - Counsellor", "John", "Smith").ShouldBe(NameMatch.Full);

    [Fact]
    public void A_soft_hyphen_at_a_line_end_always_continues_the_word() =>
        Find("Ms. Anna Berger\u00AD\nmann", "Anna", "Berger").ShouldBe(NameMatch.None);

    // Whole words only

    [Fact]
    public void A_delegate_whose_words_appear_in_another_order_across_other_names_does_not_match() =>
        Names("Ms. Anna Berger, Counsellor", "Ben", "Anna").ShouldBeFalse();

    [Fact]
    public void A_longer_word_does_not_match()
    {
        Names("Ms. Anna Bergers", "Anna", "Berger").ShouldBeFalse();
        Names("Ms. Johanna Berger", "Anna", "Berger").ShouldBeFalse();
    }

    [Fact]
    public void A_shorter_word_does_not_match() =>
        Names("Ms. Anna Berg", "Anna", "Berger").ShouldBeFalse();

    [Fact]
    public void Family_name_alone_does_not_match() =>
        Names("Ms. BERGER, Counsellor", "Anna", "Berger").ShouldBeFalse();

    [Fact]
    public void Given_name_alone_does_not_match() =>
        Names("Ms. Anna, Counsellor", "Anna", "Berger").ShouldBeFalse();

    [Fact]
    public void A_person_with_a_single_name_matches_on_that_name() =>
        Names("H.E. Mr. SUKARNO, Ambassador", "", "Sukarno").ShouldBeTrue();

    [Fact]
    public void A_name_without_any_letters_never_matches() =>
        Names("Anna Berger", " ", "-").ShouldBeFalse();

    // E-mail addresses

    [Fact]
    public void E_mail_address_matches_case_insensitively() =>
        Names("Contact: ANNA.BERGER@MFA.EXAMPLE.ORG", "Someone", "Else", "anna.berger@mfa.example.org").ShouldBeTrue();

    [Fact]
    public void E_mail_address_split_by_a_line_break_or_spaced_by_extraction_matches()
    {
        Names("e-mail: anna.berger@\nmfa.example.org", "X", "Y", "anna.berger@mfa.example.org").ShouldBeTrue();
        Names("e-mail: anna . berger @ mfa . example . org", "X", "Y", "anna.berger@mfa.example.org").ShouldBeTrue();
    }

    [Fact]
    public void A_different_e_mail_address_does_not_match()
    {
        Names("hanna.berger@mfa.example.org", "X", "Y", "anna.berger@mfa.example.org").ShouldBeFalse();
        Names("anna.berger@mfa.example.com", "X", "Y", "anna.berger@mfa.example.org").ShouldBeFalse();
    }

    [Theory]
    [InlineData("anna.berger@mfa.example.org.uk")]
    [InlineData("hanna.berger@mfa.example.org")]
    [InlineData("x.anna.berger@mfa.example.org")]
    [InlineData("anna.berger@mfa.example.organisation")]
    public void An_address_inside_a_longer_one_does_not_match(string inNote) =>
        Names($"Contact: {inNote} for all matters", "X", "Y", "anna.berger@mfa.example.org").ShouldBeFalse();

    [Theory]
    [InlineData("Please write to anna.berger@mfa.example.org.")]
    [InlineData("(anna.berger@mfa.example.org), Counsellor")]
    [InlineData("<anna.berger@mfa.example.org>; ben@mfa.example.org")]
    public void An_address_followed_by_punctuation_or_a_full_stop_matches(string note) =>
        Names(note, "X", "Y", "anna.berger@mfa.example.org").ShouldBeTrue();

    // Every address that registration accepts can be found in a note.
    [Theory]
    [InlineData("a&b@mfa.example.org")]
    [InlineData("a!b@mfa.example.org")]
    [InlineData("a#b@mfa.example.org")]
    [InlineData("a$b@mfa.example.org")]
    [InlineData("a*b@mfa.example.org")]
    [InlineData("a/b@mfa.example.org")]
    [InlineData("a=b@mfa.example.org")]
    [InlineData("a?b@mfa.example.org")]
    [InlineData("a^b@mfa.example.org")]
    [InlineData("a{b}@mfa.example.org")]
    [InlineData("a|b@mfa.example.org")]
    [InlineData("a~b@mfa.example.org")]
    [InlineData("o'neill@mfa.example.ie")]
    [InlineData("jürgen.müller@bmeia.gv.at")]
    public void An_address_with_any_character_registration_accepts_is_found_in_a_note(string address)
    {
        Registration.Api.Domain.EmailAddress.IsValid(address).ShouldBeTrue();
        Names($"Delegate: Dr. X Y, e-mail {address}; tel. +43 1 234", "Nobody", "Named", address).ShouldBeTrue();
    }

    [Fact]
    public void A_value_without_at_sign_is_not_treated_as_an_e_mail() =>
        Names("Ms. Anna Berger", "X", "Y", "anna").ShouldBeFalse();

    [Fact]
    public void No_e_mail_falls_back_to_the_name_only() =>
        Names("Ms. Anna Berger", "Anna", "Berger", null).ShouldBeTrue();

    // Other scripts

    [Fact]
    public void Cyrillic_names_match_with_yo_folded()
    {
        Names("г-жа БЕРЕЗКИНА Анна, советник", "Анна", "Берёзкина").ShouldBeTrue();
        Names("г-жа Анна Берёзкина", "Анна", "Березкина").ShouldBeTrue();
        Names("г-жа БЕРЕЗКИНА Анна", "Анна", "Березкин").ShouldBeFalse();
    }

    [Fact]
    public void Arabic_names_match_without_diacritics_and_with_alef_variants()
    {
        Names("السيد مُحَمَّد عَبْدُ اللّٰه، مستشار", "محمد", "عبد الله").ShouldBeTrue();
        Names("السيد محمد عبد الله", "مُحَمَّد", "عَبْد الله").ShouldBeTrue();
        Names("السيد محمـــد عبد الله", "محمد", "عبد الله").ShouldBeTrue();
        Names("السيد أحمد إبراهيم", "احمد", "ابراهيم").ShouldBeTrue();
        Names("السيد احمد ابراهيم", "أحمد", "إبراهيم").ShouldBeTrue();
        Names("السيد آدم الأمين", "ادم", "الامين").ShouldBeTrue();
    }

    [Fact]
    public void Arabic_presentation_forms_from_pdf_extraction_match_plain_letters() =>
        Names("\uFEE3\uFEA4\uFEE4\uFEAA \uFECB\uFE92\uFEAA \uFE8D\uFEDF\uFEE0\uFEEA", "محمد", "عبد الله").ShouldBeTrue();

    [Fact]
    public void Arabic_ta_marbuta_and_ha_are_different_letters() =>
        Names("السيدة فاطمه الزهراء", "فاطمة", "الزهراء").ShouldBeFalse();

    [Fact]
    public void Chinese_names_match_inside_a_run_of_ideographs()
    {
        Names("代表团成员：王伟先生，参赞。", "伟", "王").ShouldBeTrue();
        Names("代表团成员：王\n伟先生", "伟", "王").ShouldBeTrue();
        Names("代表团成员：王 伟 先生", "伟", "王").ShouldBeTrue();
        Names("代表团成员：李娜女士", "伟", "王").ShouldBeFalse();
    }

    [Fact]
    public void Chinese_names_do_not_match_across_punctuation() =>
        Names("代表：张王，伟明", "伟", "王").ShouldBeFalse();

    [Fact]
    public void A_single_ideograph_is_too_short_to_match() =>
        Names("王先生", "", "王").ShouldBeFalse();

    [Fact]
    public void Japanese_and_korean_names_follow_the_unspaced_rule()
    {
        Names("佐々木太郎様", "太郎", "佐々木").ShouldBeTrue();
        Names("대표단: 김민준님", "민준", "김").ShouldBeTrue();
        Names("대표단: 김민준님", "나", "김").ShouldBeFalse();
    }

    [Fact]
    public void Latin_names_next_to_ideographs_are_separate_words() =>
        Names("代表Anna Berger女士", "Anna", "Berger").ShouldBeTrue();

    // Text presence

    [Fact]
    public void A_scan_has_no_text()
    {
        NoteText.From(null).HasText.ShouldBeFalse();
        NoteText.From("").HasText.ShouldBeFalse();
        NoteText.From(" \n\t ").HasText.ShouldBeFalse();
        NoteText.From(null).Names("Anna", "Berger", "anna@example.org").ShouldBeFalse();
    }

    [Fact]
    public void Text_with_only_punctuation_has_no_text() =>
        NoteText.From("-- . , --").HasText.ShouldBeFalse();

    [Fact]
    public void A_note_with_words_has_text() =>
        NoteText.From("Note verbale").HasText.ShouldBeTrue();

    [Fact]
    public void Ill_formed_text_from_a_broken_font_is_read_without_throwing() =>
        Names("Anna\uD800 Berger \uDC00", "Anna", "Berger").ShouldBeTrue();

    // Normalisation

    [Fact]
    public void Words_are_case_folded_without_diacritics_or_punctuation() =>
        TextNormalizer.Words("Ms. Anna-Maria  O'NEILL,\nMÜLLER (ﬁnance)")
            .ShouldBe(["ms", "anna", "maria", "o", "neill", "muller", "finance"]);

    [Fact]
    public void Full_width_forms_are_plain_letters() =>
        TextNormalizer.Words("ＡＮＮＡ　ＢＥＲＧＥＲ").ShouldBe(["anna", "berger"]);

    [Fact]
    public void Greek_final_sigma_is_folded() =>
        Names("κ. ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", "Γιώργος", "Παπαδόπουλος").ShouldBeTrue();

    [Fact]
    public void Turkish_dotted_and_dotless_i_are_folded() =>
        Names("Sayın ISIK Ilker", "İlker", "Işık").ShouldBeTrue();

    // Scale (speed is measured by scripts/bench, not asserted here)

    [Fact]
    public void A_long_note_checked_against_many_delegates_finds_only_the_one_it_names()
    {
        var filler = string.Join(' ', Enumerable.Range(0, 5_000).Select(index => $"word{index % 700}"));
        var note = NoteText.From($"{filler} Ms. Anna BERGER {filler}");

        var matched = Enumerable.Range(0, 200).Count(index => note.Names($"Given{index}", $"Family{index}", $"g{index}@example.org"));

        matched.ShouldBe(0);
        note.Names("Anna", "Berger", null).ShouldBeTrue();
    }
}

public sealed class NotePagesTests
{
    [Fact]
    public void The_note_reads_pages_where_the_pdf_extraction_separates_them() =>
        Registration.Api.Domain.Matching.NoteText.PageBreak.ShouldBe(Registration.Api.Platform.Pdf.PdfText.PageBreak);

    [Fact]
    public void A_name_is_located_on_the_first_page_that_names_it_best()
    {
        var note = NoteText.From("Ms. Mary-Anna Berger\fMs. Anna Berger\fMs. Anna Berger");

        note.Locate("Anna", "Berger", null).ShouldBe(new NoteMatch(NameMatch.Full, 2));
        note.Locate("Mary", "Berger", null).ShouldBe(new NoteMatch(NameMatch.None, null));
        NoteText.From("Mr. John Smith-Jones").Locate("John", "Smith", null).ShouldBe(new NoteMatch(NameMatch.Partial, 1));
    }
}
