using System.Text;
using Registration.Api.Domain.Matching;
using Registration.Api.Platform.Pdf;

namespace Registration.UnitTests.Matching;

public sealed class PdfTextExtractorTests
{
    [Fact]
    public void Text_is_extracted_line_by_line()
    {
        var pdf = PdfTextExtractor.Extract(TestPdf.WithLines("Note verbale No. 123", "Ms. Anna BERGER, Counsellor"));

        pdf.IsPdf.ShouldBeTrue();
        pdf.HasTextLayer.ShouldBeTrue();
        pdf.PageCount.ShouldBe(1);
        pdf.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe(["Note verbale No. 123", "Ms. Anna BERGER, Counsellor"]);
    }

    [Fact]
    public void Extracted_text_names_the_delegate()
    {
        var pdf = PdfTextExtractor.Extract(TestPdf.WithLines("The delegation:", "BERGER, Anna", "Mr. Juergen MUELLER-SCHMIDT"));

        var note = NoteText.From(pdf.Text);

        note.Names("Anna", "Berger", null).ShouldBeTrue();
        note.Names("Juergen", "Mueller-Schmidt", null).ShouldBeTrue();
        note.Names("Ben", "Anna", null).ShouldBeFalse();
    }

    [Fact]
    public void A_name_hyphenated_at_a_line_end_is_found()
    {
        var pdf = PdfTextExtractor.Extract(TestPdf.WithLines(
            "The delegation will include Ms. Anna BER-",
            "GER and Mr. Otto MULLER-",
            "LUDENSCHEID, Advisers."));

        var note = NoteText.From(pdf.Text);

        note.Names("Anna", "Berger", null).ShouldBeTrue();
        note.Names("Otto", "Müller-Lüdenscheid", null).ShouldBeTrue();
    }

    [Fact]
    public void Words_drawn_out_of_order_are_put_back_in_reading_order()
    {
        var pdf = PdfTextExtractor.Extract(TestPdf.WithTextAt(
            ("GER, Counsellor", 50, 684),
            ("Anna BER-", 120, 700),
            ("Ms.", 50, 700)));

        pdf.Text.ShouldBe("Ms. Anna BER-\nGER, Counsellor\n");
        NoteText.From(pdf.Text).Names("Anna", "Berger", null).ShouldBeTrue();
    }

    [Fact]
    public void Text_of_all_pages_is_extracted()
    {
        var pdf = PdfTextExtractor.Extract(TestPdf.WithPages(["Page one"], ["Ms. Anna BERGER"]));

        pdf.PageCount.ShouldBe(2);
        NoteText.From(pdf.Text).Names("Anna", "Berger", null).ShouldBeTrue();
    }

    [Fact]
    public void A_pdf_without_text_has_no_text_layer()
    {
        var pdf = PdfTextExtractor.Extract(TestPdf.WithoutText());

        pdf.IsPdf.ShouldBeTrue();
        pdf.HasTextLayer.ShouldBeFalse();
        pdf.Text.ShouldBeEmpty();
        pdf.PageCount.ShouldBe(1);
        NoteText.From(pdf.Text).HasText.ShouldBeFalse();
    }

    [Fact]
    public void The_signature_may_follow_leading_bytes()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("junk before the header\n"), .. TestPdf.WithLines("Ms. Anna BERGER")];

        PdfTextExtractor.Extract(bytes).IsPdf.ShouldBeTrue();
    }

    [Fact]
    public void Random_bytes_are_not_a_pdf()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);

        PdfTextExtractor.Extract(bytes).ShouldBe(PdfText.NotAPdf);
    }

    [Fact]
    public void An_empty_file_is_not_a_pdf() =>
        PdfTextExtractor.Extract(Array.Empty<byte>()).ShouldBe(PdfText.NotAPdf);

    [Fact]
    public void A_pdf_signature_followed_by_garbage_is_not_a_pdf()
    {
        var garbage = new byte[2048];
        new Random(7).NextBytes(garbage);

        byte[] bytes = [.. "%PDF-1.7\n"u8, .. garbage];

        PdfTextExtractor.Extract(bytes).ShouldBe(PdfText.NotAPdf);
        PdfTextExtractor.Extract("%PDF-"u8.ToArray()).ShouldBe(PdfText.NotAPdf);
    }

    [Fact]
    public void A_truncated_pdf_is_not_a_pdf()
    {
        var pdf = TestPdf.WithLines("Ms. Anna BERGER");

        PdfTextExtractor.Extract(pdf.AsMemory(0, pdf.Length / 3)).IsPdf.ShouldBeFalse();
    }

    [Fact]
    public void A_header_after_the_first_1024_bytes_is_not_a_pdf()
    {
        byte[] bytes = [.. new byte[1024], .. TestPdf.WithLines("Ms. Anna BERGER")];

        PdfTextExtractor.Extract(bytes).ShouldBe(PdfText.NotAPdf);
    }
}
