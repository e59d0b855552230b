using System.Text;
using Registration.Api.Platform.Pdf;

namespace Registration.UnitTests.Pdf;

public sealed class ContentLexerTests
{
    private static ContentScan Scan(string content) => ContentLexer.Scan(Encoding.Latin1.GetBytes(content), CancellationToken.None);

    [Fact]
    public void The_bytes_of_strings_and_the_forms_drawn_are_counted()
    {
        var scan = Scan("BT /F1 12 Tf (Hello \\(you\\)) Tj [(A) -20 (BC)] TJ <414243> Tj ET q /Fm1 Do Q /Fm1 Do /Im2 Do");

        scan.TextBytes.ShouldBe(11 + 1 + 2 + 3); // "Hello (you)", "A", "BC", <414243>
        scan.Invocations.ShouldBe(new Dictionary<string, long> { ["Fm1"] = 2, ["Im2"] = 1 }, ignoreOrder: true);
    }

    [Fact]
    public void Do_inside_a_string_a_comment_or_inline_image_data_is_not_an_invocation()
    {
        var scan = Scan("(/X Do) Tj % /Y Do\nBI /W 1 /H 1 ID \u0001/Z Do\u0002 EI /Real Do");

        scan.Invocations.Keys.ShouldBe(["Real"]);
    }

    [Fact]
    public void A_name_operand_must_come_right_before_Do()
    {
        Scan("/Fm1 1 0 0 1 0 0 cm Do").Invocations.ShouldBeEmpty();
    }
}
