using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Text;

namespace Registration.UnitTests;

public sealed class StorableTextTests
{
    [Fact]
    public void Stored_text_loses_U0000_other_controls_and_lone_surrogates_and_keeps_the_rest()
    {
        StorableText.Clean("Anna\0 Berger\u0007 \uD800x \uDC00y 😀 می\u200Cخواهم").ShouldBe("Anna Berger x y 😀 می\u200Cخواهم");
    }

    [Theory]
    [InlineData(@"\u202Efdp.exe", "fdp.exe.pdf")]
    [InlineData(@"a\u2066b\u2069\u200E\u061C\uFEFF.pdf", "ab.pdf")]
    [InlineData(@"\U000E0001tag.pdf", "tag.pdf")]
    [InlineData("😀 note", "😀 note.pdf")]
    [InlineData(@"\u202E", "note-verbale.pdf")]
    public void A_file_name_loses_format_and_control_characters_and_ends_in_pdf(string sent, string stored)
    {
        ReceivedPdf.SafeFileName(Escaped.Text(sent)).ShouldBe(stored);
    }

    [Fact]
    public void A_lone_surrogate_is_dropped_from_a_file_name()
    {
        ReceivedPdf.SafeFileName("note" + '\uD800' + "verbale.PDF").ShouldBe("noteverbale.PDF");
    }

    [Fact]
    public void A_long_file_name_is_cut_without_splitting_a_surrogate_pair_and_still_ends_in_pdf()
    {
        var name = ReceivedPdf.SafeFileName(new string('a', 195) + "😀😀😀😀😀.txt");

        name.Length.ShouldBeLessThanOrEqualTo(200);
        name.ShouldEndWith(".pdf");
        StorableText.Clean(name).ShouldBe(name);
    }
}
