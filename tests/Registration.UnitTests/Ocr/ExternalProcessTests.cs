using System.Diagnostics;
using Registration.Api.Platform.Ocr;

namespace Registration.UnitTests.Ocr;

public sealed class ExternalProcessTests
{
    [Fact]
    public async Task Arguments_reach_the_program_as_given_never_through_a_shell()
    {
        var output = await ExternalProcess.RunAsync("printf", ["%s|", "a b; echo injected", "$(id)", "'quoted'"], TimeSpan.FromSeconds(10), CancellationToken.None);

        output.ExitCode.ShouldBe(0);
        output.StandardOutput.ShouldBe("a b; echo injected|$(id)|'quoted'|");
    }

    [Fact]
    public async Task A_program_past_its_time_is_killed_with_its_children()
    {
        var marker = $"registration-ocr-test-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();

        // The shell starts a child that would outlive it; both must go.
        var failure = await Should.ThrowAsync<ExternalProcessException>(() =>
            ExternalProcess.RunAsync("bash", ["-c", $"(exec -a {marker} sleep 30) & exec -a {marker} sleep 30"], TimeSpan.FromMilliseconds(300), CancellationToken.None));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        failure.Message.ShouldContain("took longer than 0.3 s");
        await Task.Delay(200);
        Process.GetProcessesByName("sleep").ShouldNotContain(p => ReadCommandLine(p).Contains(marker));
    }

    [Fact]
    public async Task A_program_that_is_not_there_is_reported()
    {
        var failure = await Should.ThrowAsync<ExternalProcessException>(() =>
            ExternalProcess.RunAsync("/nonexistent/tesseract", ["--version"], TimeSpan.FromSeconds(5), CancellationToken.None));

        failure.Message.ShouldContain("could not be started");
    }

    [Fact]
    public async Task The_exit_code_and_errors_are_returned()
    {
        var output = await ExternalProcess.RunAsync("sh", ["-c", "echo trouble >&2; exit 3"], TimeSpan.FromSeconds(10), CancellationToken.None);

        output.ExitCode.ShouldBe(3);
        output.StandardError.Trim().ShouldBe("trouble");
    }

    private static string ReadCommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}

public sealed class OcrReaderTests
{
    [Fact]
    public void Tesseract_tsv_becomes_lines_of_words()
    {
        const string tsv = """
            level	page_num	block_num	par_num	line_num	word_num	left	top	width	height	conf	text
            1	1	0	0	0	0	0	0	2480	3509	-1	
            4	1	1	1	1	0	208	220	1312	48	-1	
            5	1	1	1	1	1	208	220	82	39	96.7	Ms.
            5	1	1	1	1	2	312	222	243	37	96.1	Anna
            5	1	1	1	1	3	570	220	162	39	96.2	BER-
            5	1	1	1	2	1	212	289	71	37	96.6	GER,
            5	1	1	1	2	2	302	289	111	37	96.0	 
            5	1	2	1	1	1	302	389	111	37	95.0	Counsellor
            """;

        OcrReader.LinesFromTsv(tsv).ShouldBe("Ms. Anna BER-\nGER,\nCounsellor\n");
    }

    [Fact]
    public void A_blank_page_has_no_text() =>
        OcrReader.LinesFromTsv("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n1\t1\t0\t0\t0\t0\t0\t0\t2480\t3509\t-1\t\n")
            .ShouldBe("");
}
