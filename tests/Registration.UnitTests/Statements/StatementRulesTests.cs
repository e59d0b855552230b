using Registration.Api.Domain;
using Registration.Api.Platform.Media;

namespace Registration.UnitTests.Statements;

public sealed class StatementRulesTests
{
    [Theory]
    [InlineData("EMIC-12", "Austria", "3", "12th EMIC statement \u2013 Austria 3")]
    [InlineData("IRG-14R", "Austria", "4(a)", "14th IRG statement \u2013 Austria 4(a)")]
    [InlineData("WGAR-1", "Holy See", "2", "1st WGAR statement \u2013 Holy See 2")]
    [InlineData("COSP-11", "Niue", "5", "11th COSP statement \u2013 Niue 5")]
    [InlineData("COSP-22", "Niue", "5", "22nd COSP statement \u2013 Niue 5")]
    [InlineData("COSP-113", "Niue", "5", "113th COSP statement \u2013 Niue 5")]
    [InlineData("OPEN-WG", "Austria", "3", "OPEN-WG statement \u2013 Austria 3")]
    public void The_label_is_the_invitations_subject_line(string meeting, string country, string item, string label) =>
        Statement.LabelOf(new Meeting(meeting, "A meeting", null), country, item).ShouldBe(label);

    [Fact]
    public void The_duration_is_the_longest_of_the_containers_and_the_streams()
    {
        var probed = VideoProbe.Parse("""
            { "programs": [], "streams": [ { "codec_type": "video", "duration": "181.000000" }, { "codec_type": "audio", "duration": "12.5" } ],
              "format": { "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "179.000000" } }
            """);

        probed.ShouldBe(new ProbedMedia("mov,mp4,m4a,3gp,3g2,mj2", true, 181));
        VideoProbe.Parse("""{ "streams": [ { "codec_type": "audio", "duration": "20" } ], "format": { "format_name": "mov,mp4", "duration": "N/A" } }""")
            .ShouldBe(new ProbedMedia("mov,mp4", false, 20));
    }

    [Theory]
    [InlineData("3", "4(a)")]
    [InlineData("4(a)", "4(b)")]
    [InlineData("9", "10")]
    [InlineData("10", "10(a)")]
    public void Agenda_items_sort_by_their_number(string before, string after) =>
        string.CompareOrdinal(AgendaItem.SortKeyOf(before), AgendaItem.SortKeyOf(after)).ShouldBeLessThan(0);
}
