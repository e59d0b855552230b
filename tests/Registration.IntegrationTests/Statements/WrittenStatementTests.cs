using System.Net;
using Registration.IntegrationTests.Infrastructure;
using Registration.UnitTests.Matching;

namespace Registration.IntegrationTests.Statements;

/// <summary>Written statements: a PDF or a clean DOCX, judged by the bytes.</summary>
public sealed class WrittenStatementTests(StatementApi api) : IClassFixture<StatementApi>
{
    private async Task<(Guid EventId, Guid DelegationId, Guid ItemId)> SceneAsync(string country)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, country);
        return (eventId, delegationId, await api.AgendaItemAsync(eventId, "4(a)", "IRG-14R"));
    }

    [Fact]
    public async Task A_pdf_and_a_docx_are_filed_under_the_label_with_their_own_extension()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("FRA");
        var client = api.Client().AsDelegation("FRA");

        using var pdf = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestPdf.WithLines("Statement of France on agenda item 4(a)."), "anything.bin", "application/octet-stream");
        using var docx = await client.SubmitDocumentAsync(eventId, delegationId, itemId, TestMedia.Docx("Statement of France."), "statement.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

        var first = await pdf.ShouldHaveAsync(HttpStatusCode.Created);
        first.GetProperty("kind").GetString().ShouldBe("written");
        first.GetProperty("label").GetString().ShouldBe("14th IRG statement \u2013 France 4(a)");
        first.GetProperty("fileName").GetString().ShouldBe("14th IRG statement \u2013 France 4(a).pdf");
        first.GetProperty("contentType").GetString().ShouldBe("application/pdf");
        first.GetProperty("transcript").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        var second = await docx.ShouldHaveAsync(HttpStatusCode.Created);
        second.GetProperty("fileName").GetString().ShouldBe("14th IRG statement \u2013 France 4(a).docx");
        second.GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Macro_enabled_encrypted_and_unknown_documents_are_unsupported_and_leave_nothing()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("DEU");
        var client = api.Client().AsDelegation("DEU");
        var before = api.StoredFiles();

        foreach (var (what, bytes) in new[]
                 {
                     ("macro-enabled", TestMedia.Docx("Statement.", macroEnabled: true)),
                     ("encrypted", TestMedia.EncryptedOfficeFile),
                     ("plain text", "Statement of Germany."u8.ToArray()),
                     ("an empty ZIP", new byte[] { 0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }),
                 })
        {
            using var response = await client.SubmitDocumentAsync(eventId, delegationId, itemId, bytes, "statement.docx");
            response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType, what);
            await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        }

        using (var tooLarge = await client.SubmitDocumentAsync(eventId, delegationId, itemId, new byte[StatementApi.MaxDocumentBytes + 1]))
        {
            await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        }

        using (var withTranscript = await client.SubmitAsync(eventId, delegationId, itemId, "document", TestPdf.WithLines("Statement."), "s.pdf", "application/pdf", "A transcript.", null))
        {
            await withTranscript.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        }

        (await api.StatementRowsAsync(delegationId)).ShouldBe(0);
        api.StoredFiles().Except(before).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_item_another_meeting_takes_an_unknown_item_and_a_missing_item_are_refused()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("GRC");
        var client = api.Client().AsDelegation("GRC");
        var pdf = TestPdf.WithLines("Statement.");

        using (var wrongMeeting = await client.SubmitAsync(eventId, delegationId, itemId, "document", pdf, "s.pdf", "application/pdf", null, "EMIC-12"))
        {
            (await wrongMeeting.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed")).GetProperty("errors").TryGetProperty("meeting", out _).ShouldBeTrue();
        }

        using (var unknown = await client.SubmitDocumentAsync(eventId, delegationId, Guid.NewGuid(), pdf))
        {
            (await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed")).GetProperty("errors").TryGetProperty("agendaItemId", out _).ShouldBeTrue();
        }

        (await api.StatementRowsAsync(delegationId)).ShouldBe(0);
    }
}
