using System.IO.Compression;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Letters;

/// <summary>Uploading letter templates: the merge fields found (split over runs too), unknown fields refused, and only plain DOCX accepted.</summary>
public sealed class LetterTemplateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName = "call-for-submissions.docx") =>
        api.Client().AsSecretariat().UploadFileAsync("/api/v1/letter-templates", bytes, fileName, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    [Fact]
    public async Task The_fields_are_found_even_split_over_runs_and_the_template_is_kept_byte_for_byte()
    {
        var bytes = Docx.SeedTemplate();

        using var response = await UploadAsync(bytes, "CU 2024-132.docx");

        var template = await response.ShouldHaveAsync(HttpStatusCode.Created);
        template.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ShouldBe(
            ["Reference", "AddressLine1PR", "ToUNOV", "CityPR", "CountryAddressName", "DeadlineWithWeekday", "Date", "DateWithWeekday"]);
        template.GetProperty("fileName").GetString().ShouldBe("CU 2024-132.docx");
        var id = template.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/letter-templates/{id}");

        using var content = await api.Client().AsSecretariat().GetAsync($"/api/v1/letter-templates/{id}/content");
        content.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await content.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        var listed = await api.Client().AsSecretariat().GetJsonAsync("/api/v1/letter-templates");
        listed.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ShouldContain(id);
    }

    [Fact]
    public async Task Unknown_fields_are_refused_naming_each()
    {
        var bytes = Docx.Build([["Dear [[[Salutation]]], ", "[[[Ambassador", "Name]]] and [[[MeetingTitle]]]"], ["[[[not a field]]]"]]);

        using var response = await UploadAsync(bytes);

        var problem = await response.ShouldBeValidationProblemAsync("file");
        var messages = string.Join(" ", problem.GetProperty("errors").GetProperty("file").EnumerateArray().Select(m => m.GetString()));
        messages.ShouldContain("[[[AmbassadorName]]]");
        messages.ShouldContain("[[[MeetingTitle]]]");
        messages.ShouldContain("'[[[not a field]]]'");
        messages.ShouldNotContain("Unknown merge fields: [[[Salutation]]]");
        (await api.ScalarAsync<long>("SELECT count(*) FROM letter_templates WHERE 'MeetingTitle' = ANY(fields)")).ShouldBe(0);
    }

    public static TheoryData<string, byte[], string> NotPlainDocx => new()
    {
        { "a PDF", Notes.Naming("Ms. Anna BERGER"), "not a Word document" },
        { "a ZIP that is no Word package", Zip(("readme.txt", "hello")), "not a Word document" },
        { "plain text", Encoding.UTF8.GetBytes("[[[AddressLine1PR]]]"), "not a Word document" },
        { "a macro-enabled document (.docm)", Docx.Build([["[[[AddressLine1PR]]]"]], type: WordprocessingDocumentType.MacroEnabledDocument), "macro-enabled" },
        { "a DOCX carrying a vbaProject part", WithVbaProject(Docx.Build([["[[[AddressLine1PR]]]"]])), "macro-enabled" },
        { "a Word template (.dotx)", Docx.Build([["[[[AddressLine1PR]]]"]], type: WordprocessingDocumentType.Template), "template" },
        { "an encrypted document", OleFile("EncryptionInfo", "EncryptedPackage"), "encrypted" },
        { "a legacy .doc", OleFile("WordDocument", "1Table"), "legacy Word document" },
    };

    [Theory]
    [MemberData(nameof(NotPlainDocx))]
    public async Task Anything_but_a_plain_docx_is_refused_as_unsupported_whatever_it_is_called(string what, byte[] bytes, string message)
    {
        using var response = await UploadAsync(bytes, "template.docx");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        problem.GetProperty("detail").GetString()!.ShouldContain(message, Case.Insensitive, what);
    }

    [Fact]
    public async Task A_template_over_the_limit_is_refused_and_only_the_secretariat_uploads()
    {
        using (var large = await UploadAsync(new byte[5 * 1024 * 1024 + 1]))
        {
            await large.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        }

        using var delegation = await api.Client().AsDelegation("AUT").UploadFileAsync("/api/v1/letter-templates", Docx.SeedTemplate(), "t.docx", "application/octet-stream");
        await delegation.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A DOCX with a <c>word/vbaProject.bin</c> part and its relationship added to the package, as a macro-carrying file renamed to .docx has.</summary>
    private static byte[] WithVbaProject(byte[] docx)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using (var writer = new BinaryWriter(zip.CreateEntry("word/vbaProject.bin").Open()))
            {
                writer.Write(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 });
            }

            var types = zip.GetEntry("[Content_Types].xml")!;
            string xml;
            using (var reader = new StreamReader(types.Open()))
            {
                xml = reader.ReadToEnd();
            }

            types.Delete();
            using var typesWriter = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
            typesWriter.Write(xml.Replace("</Types>", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>", StringComparison.Ordinal));
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The start of an OLE compound file (its signature, then its directory's stream names in UTF-16): what an encrypted
    /// Office document (EncryptionInfo, EncryptedPackage) or a legacy .doc (WordDocument, 1Table) begins with.
    /// </summary>
    private static byte[] OleFile(params string[] streams) =>
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. streams.SelectMany(s => Encoding.Unicode.GetBytes(s.PadRight(32, '\0')))];
}
