using System.Net;
using System.Text.Json;
using MimeKit;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Letters;

/// <summary>E-mailing letters over a real SMTP server through the real job server: each mission once per run, the DOCX attached, nothing sent while a letter misses values.</summary>
public sealed class LetterEmailTests(EmailApi api) : IClassFixture<EmailApi>
{
    private static string Address(string name) => $"{name}.{Guid.NewGuid():N}@example.gov";

    private async Task<JsonElement> SendAsync(Guid runId, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/letter-runs/{runId}/send", new { });
        return await response.ShouldHaveAsync(expected);
    }

    [Fact]
    public async Task Each_mission_gets_its_letter_once_however_often_sending_is_asked_for_or_retried()
    {
        var austria = Address("austria");
        var austria2 = Address("austria-uncac");
        var hungary = Address("hungary");
        await api.MissionAsync("AUT", "Permanent Mission of Austria", "Vienna", "1010", austria, austria2);
        await api.MissionAsync("HUN", "Permanent Mission of Hungary", "Vienna", "1010", hungary);
        var run = await api.RunAsync(await api.TemplateAsync(), new
        {
            reference = "CU 2024/132(A)/DTA/CEB/TSS", subject = "Fifteenth session of the Working Group on the Prevention of Corruption",
            date = "2024-05-13", deadline = "2024-06-07", countries = new[] { "AUT", "HUN" },
        });
        var runId = run.GetProperty("id").GetGuid();

        api.Smtp.RefuseNext(1); // the first attempt fails; its job is retried
        var queued = await SendAsync(runId);
        queued.Letter("AUT").GetProperty("email").GetString().ShouldBeOneOf("queued", "sent");
        await SendAsync(runId);

        var toAustria = (await api.Smtp.WaitForAsync(austria)).Single();
        var toHungary = (await api.Smtp.WaitForAsync(hungary)).Single();
        toAustria.EnvelopeTo.ShouldBe([austria, austria2], ignoreOrder: true);
        toAustria.Subject.ShouldBe("Fifteenth session of the Working Group on the Prevention of Corruption");
        toAustria.Text.ShouldContain("CU 2024/132(A)/DTA/CEB/TSS of 13 May 2024 to the Permanent Mission of Austria");
        var attachment = toAustria.Message.Attachments.OfType<MimePart>().Single();
        attachment.FileName.ShouldBe("AUT CU 2024-132(A)-DTA-CEB-TSS 2024-05-13.docx");
        using var docx = new MemoryStream();
        await attachment.Content!.DecodeToAsync(docx);
        Docx.Text(docx.ToArray()).ShouldContain("presents its compliments to the Permanent Mission of Austria to the United Nations (Vienna)");
        Docx.Text((await DecodedAsync(toHungary)).ToArray()).ShouldContain("Permanent Mission of Hungary");

        var sent = await Eventually.Async(
            () => api.Client().AsSecretariat().GetJsonAsync($"/api/v1/letter-runs/{runId}"),
            r => r.GetProperty("letters").EnumerateArray().All(l => l.GetProperty("email").GetString() == "sent"),
            "both letters to be recorded as sent");
        sent.GetProperty("sendRequestedAt").ValueKind.ShouldBe(JsonValueKind.String);

        // Asked again once all went out: nothing more is sent.
        await SendAsync(runId);
        await Task.Delay(TimeSpan.FromSeconds(2));
        api.Smtp.To(austria).Count.ShouldBe(1);
        api.Smtp.To(hungary).Count.ShouldBe(1);
        (await api.ScalarAsync<long>("SELECT count(*) FROM letter_emails WHERE run_id = @r", ("r", runId))).ShouldBe(2);
    }

    [Fact]
    public async Task Nothing_is_sent_while_any_letter_misses_a_value_or_an_address()
    {
        var latvia = Address("latvia");
        await api.MissionAsync("LVA", "Permanent Mission of Latvia", "Vienna", "1010", latvia);
        await api.MissionAsync("LTU", "Permanent Mission of Lithuania", "Vienna", "1010");
        var run = await api.RunAsync(await api.TemplateAsync(), new { date = "2024-05-13", deadline = "2024-06-07", countries = new[] { "LVA", "LTU" } });

        var problem = await SendAsync(run.GetProperty("id").GetGuid(), HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("letter-values-missing");
        problem.GetProperty("errors").GetProperty("letters.LVA")[0].GetString()!.ShouldContain("[[[Reference]]]");
        problem.GetProperty("errors").GetProperty("letters.LTU").EnumerateArray().Select(m => m.GetString()).ShouldContain("The mission has no e-mail address to send the letter to.");
        await Task.Delay(TimeSpan.FromSeconds(2));
        api.Smtp.To(latvia).ShouldBeEmpty();
    }

    private static async Task<MemoryStream> DecodedAsync(ReceivedEmail email)
    {
        var stream = new MemoryStream();
        await email.Message.Attachments.OfType<MimePart>().Single().Content!.DecodeToAsync(stream);
        return stream;
    }
}
