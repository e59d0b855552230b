using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.NotesVerbales;

public sealed class UploadNoteVerbaleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(Guid EventId, Guid DelegationId)> DelegationAsync(string country = "AUT")
    {
        var eventId = await api.EventAsync();
        return (eventId, await api.DelegationAsync(eventId, country));
    }

    private Task<long> NotesAsync(Guid delegationId) =>
        api.ScalarAsync<long>("SELECT count(*) FROM notes_verbales WHERE delegation_id = @d", ("d", delegationId));

    [Fact]
    public async Task An_upload_becomes_the_current_note_and_names_the_delegates_it_lists()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var anna = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var ben = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Ben", "Anna"))).GetProperty("id").GetGuid();
        var pdf = Notes.Naming("Ms. Anna BERGER, Counsellor, Permanent Mission");

        using var response = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, pdf, "NV 123-2023.pdf");

        var note = await response.ShouldHaveAsync(HttpStatusCode.Created);
        var noteId = note.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}");
        (await api.Client().AsDelegation("AUT").GetJsonAsync(response.Headers.Location.ToString())).ToString().ShouldBe(note.ToString());

        // The secretariat reads the same record with the note's text, page by page, as matching reads it.
        var text = (await api.Client().AsSecretariat().GetJsonAsync(response.Headers.Location.ToString())).GetProperty("text").EnumerateArray().Single();
        (text.GetProperty("page").GetInt32(), text.GetProperty("source").GetString()).ShouldBe((1, "text-layer"));
        text.GetProperty("text").GetString()!.ShouldContain("Ms. Anna BERGER, Counsellor");
        note.GetProperty("fileName").GetString().ShouldBe("NV 123-2023.pdf");
        note.GetProperty("sizeBytes").GetInt64().ShouldBe(pdf.Length);
        note.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(pdf)));
        note.GetProperty("textExtracted").GetBoolean().ShouldBeTrue();
        note.GetProperty("isCurrent").GetBoolean().ShouldBeTrue();
        note.GetProperty("uploadedAt").GetString().ShouldNotBeNull();
        var matches = note.GetProperty("matches").EnumerateArray().ToDictionary(m => m.GetProperty("delegateId").GetGuid(), m => m.GetProperty("status").GetString());
        matches.ShouldBe(new Dictionary<Guid, string?> { [anna] = "matched", [ben] = "unmatched" }, ignoreOrder: true);

        var delegation = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}");
        delegation.GetProperty("currentNoteVerbaleId").GetGuid().ShouldBe(noteId);
        var annaRead = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegates/{anna}");
        annaRead.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
        annaRead.GetProperty("noteVerbale").GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
        (await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegates/{ben}"))
            .GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("unmatched");
    }

    [Fact]
    public async Task The_download_returns_the_exact_bytes_as_a_pdf_with_a_safe_file_name()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var pdf = Notes.Naming("Mr. Jan NOVAK");
        using var upload = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, pdf, "..\\..\\etc/Note verbale: 14 August.pdf");
        var noteId = (await upload.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        using var download = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}/content");

        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);
        var disposition = download.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        (disposition.FileNameStar ?? disposition.FileName)!.ShouldNotContain("/");
        (disposition.FileNameStar ?? disposition.FileName)!.ShouldNotContain("\\");
        (disposition.FileNameStar ?? disposition.FileName)!.Trim('"').ShouldBe("Note verbale 14 August.pdf");
        download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_and_leaves_nothing()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var oversize = new byte[(10 * 1024 * 1024) + 1];
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(oversize, 0);

        using var response = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, oversize);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        (await NotesAsync(delegationId)).ShouldBe(0);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("png")]
    [InlineData("truncated")]
    public async Task A_file_that_is_not_a_pdf_is_415_whatever_its_name_or_declared_type(string kind)
    {
        var (eventId, delegationId) = await DelegationAsync();
        var bytes = kind switch
        {
            "text" => Encoding.UTF8.GetBytes("Note verbale: Ms. Anna Berger"),
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
            _ => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >>"),
        };

        using var response = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, bytes, "note.pdf", "application/pdf");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        (await NotesAsync(delegationId)).ShouldBe(0);
    }

    [Fact]
    public async Task An_empty_file_or_a_missing_file_part_is_a_validation_failure()
    {
        var (eventId, delegationId) = await DelegationAsync();

        using var empty = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, []);
        using var wrongPart = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, Notes.Naming("X"), partName: "document");

        await empty.ShouldBeValidationProblemAsync("file");
        await wrongPart.ShouldBeValidationProblemAsync("file");
        (await NotesAsync(delegationId)).ShouldBe(0);
    }

    [Fact]
    public async Task Text_a_broken_font_maps_to_U0000_is_stored_without_it_and_still_names_the_delegate()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var anna = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();

        var note = await api.UploadNoteAsync(eventId, delegationId, PdfBombs.NulCharacter(), "AUT");

        note.GetProperty("textExtracted").GetBoolean().ShouldBeTrue();
        var text = await api.ScalarAsync<string>("SELECT text FROM notes_verbales WHERE id = @id", ("id", note.GetProperty("id").GetGuid()));
        text.ShouldContain("Ms. Anna Berger, Counsellor");
        text.ShouldNotContain('\0');
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates/{anna}"))
            .GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
    }

    [Theory]
    [InlineData(@"\u202Efdp.exe", "fdp.exe.pdf")]
    [InlineData(@"NV\u2066 12\u2069\u200F.pdf", "NV 12.pdf")]
    [InlineData(@"Note\u2028verbale", "Noteverbale.pdf")]
    public async Task Format_and_control_characters_are_dropped_from_the_file_name_which_ends_in_pdf(string sent, string stored)
    {
        sent = Registration.UnitTests.Escaped.Text(sent);
        var (eventId, delegationId) = await DelegationAsync();
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Notes.Naming("Ms. Anna Berger"));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        // filename* carries any Unicode text, percent-encoded UTF-8 (RFC 5987).
        file.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "file" };
        file.Headers.ContentDisposition.Parameters.Add(new System.Net.Http.Headers.NameValueHeaderValue(
            "filename*", "UTF-8''" + Uri.EscapeDataString(sent.Replace("\uD800", "\uFFFD", StringComparison.Ordinal))));
        content.Add(file);

        using var upload = await api.Client().AsDelegation("AUT").Http.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", content);
        var note = await upload.ShouldHaveAsync(HttpStatusCode.Created);
        using var download = await api.Client().AsSecretariat().GetAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{note.GetProperty("id").GetGuid()}/content");

        var expected = stored.Replace("noteverbale", "note\uFFFDverbale", StringComparison.Ordinal);
        note.GetProperty("fileName").GetString().ShouldBe(expected);
        var disposition = download.Content.Headers.ContentDisposition!;
        (disposition.FileNameStar ?? disposition.FileName!.Trim('"')).ShouldBe(expected);
        (disposition.FileNameStar ?? disposition.FileName!).ShouldNotContain("\u202E");
    }

    [Fact]
    public async Task A_note_stored_before_names_were_cleaned_is_served_under_a_clean_name_ending_in_pdf()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna Berger"), "AUT")).GetProperty("id").GetGuid();
        await using (var connection = new Npgsql.NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("UPDATE notes_verbales SET file_name = @name WHERE id = @id", connection);
            command.Parameters.AddWithValue("name", "\u202Efdp.exe");
            command.Parameters.AddWithValue("id", noteId);
            await command.ExecuteNonQueryAsync();
        }

        using var download = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}/content");
        var record = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}");

        var disposition = download.Content.Headers.ContentDisposition!;
        (disposition.FileNameStar ?? disposition.FileName!.Trim('"')).ShouldBe("fdp.exe.pdf");
        record.GetProperty("fileName").GetString().ShouldBe("fdp.exe.pdf");
    }

    [Fact]
    public async Task A_second_file_part_is_a_validation_failure_naming_file()
    {
        var (eventId, delegationId) = await DelegationAsync();
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent(Notes.Naming("Ms. Anna Berger")), "file", "first.pdf" },
            { new ByteArrayContent(Notes.Naming("Mr. Jan Novak")), "file", "second.pdf" },
        };

        using var response = await api.Client().AsDelegation("AUT").Http.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", content);

        await response.ShouldBeValidationProblemAsync("file");
        (await NotesAsync(delegationId)).ShouldBe(0);
    }

    [Theory]
    [InlineData("no-closing-boundary")]
    [InlineData("long-part-header")]
    [InlineData("no-part-at-all")]
    public async Task A_broken_multipart_body_is_a_400_problem_never_a_500(string kind)
    {
        var (eventId, delegationId) = await DelegationAsync();
        const string boundary = "----broken";
        var pdf = Encoding.Latin1.GetString(Notes.Naming("Ms. Anna Berger"));
        var body = kind switch
        {
            "no-closing-boundary" => $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"nv.pdf\"\r\nContent-Type: application/pdf\r\n\r\n{pdf}",
            "long-part-header" => $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{new string('a', 17_000)}.pdf\"\r\n\r\n{pdf}\r\n--{boundary}--\r\n",
            _ => "nothing but this",
        };
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        using var response = await api.Client().AsDelegation("AUT").Http.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", content);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBeSubsetOf(["body", "file"]);
        (await NotesAsync(delegationId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        var (eventId, delegationId) = await DelegationAsync();

        using var response = await api.Client().AsDelegation("AUT").PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", new { file = "JVBERi0=" });

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task A_scan_without_text_leaves_every_delegate_unmatched()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var anna = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();

        var note = await api.UploadNoteAsync(eventId, delegationId, Notes.Scan(), "AUT");

        note.GetProperty("textExtracted").GetBoolean().ShouldBeFalse();
        note.GetProperty("textSource").GetString().ShouldBe("ocr-pending"); // read by a job (ScannedNoteTests); this class runs none
        note.GetProperty("matches")[0].GetProperty("status").GetString().ShouldBe("unmatched");
        (await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates/{anna}"))
            .GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("unmatched");
    }

    [Fact]
    public async Task A_newer_note_becomes_current_and_earlier_ones_stay_listed_and_downloadable()
    {
        var (eventId, delegationId) = await DelegationAsync();
        var anna = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var first = Notes.Naming("Mr. Jan NOVAK");
        var firstId = (await api.UploadNoteAsync(eventId, delegationId, first, "AUT")).GetProperty("id").GetGuid();
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var secondId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna Berger"), "AUT")).GetProperty("id").GetGuid();

        var list = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales");
        using var oldContent = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{firstId}/content");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.Select(n => n.GetProperty("id").GetGuid()).ShouldBe([secondId, firstId]);
        items.Select(n => n.GetProperty("isCurrent").GetBoolean()).ShouldBe([true, false]);
        items[1].GetProperty("matches")[0].GetProperty("status").GetString().ShouldBe("unmatched");
        items[0].GetProperty("matches")[0].GetProperty("status").GetString().ShouldBe("matched");
        (await oldContent.Content.ReadAsByteArrayAsync()).ShouldBe(first);
        var read = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates/{anna}");
        read.GetProperty("noteVerbale").GetProperty("noteVerbaleId").GetGuid().ShouldBe(secondId);
        read.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
    }

    [Fact]
    public async Task Delegates_registered_or_renamed_after_the_upload_are_checked_against_the_current_note()
    {
        var (eventId, delegationId) = await DelegationAsync();
        await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("H.E. Mr. Juergen MULLER-", "LUDENSCHEID, Ambassador", "Ms. Olga PETROVA"), "AUT");

        var juergen = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Juergen", "Müller-Lüdenscheid"));
        var olga = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Olga", "Petrov"));
        using var renamed = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/events/{eventId}/delegates/{olga.GetProperty("id").GetGuid()}", new { familyName = "Petrova" });

        juergen.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
        olga.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("unmatched");
        (await renamed.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
        var list = await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales");
        list.GetProperty("items")[0].GetProperty("matches").EnumerateArray().ShouldAllBe(m => m.GetProperty("status").GetString() == "matched");
    }

    [Fact]
    public async Task Another_countrys_notes_are_not_found_and_anonymous_callers_are_401()
    {
        var (eventId, delegationId) = await DelegationAsync("AUT");
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna Berger"), "AUT")).GetProperty("id").GetGuid();
        var germany = api.Client().AsDelegation("DEU");

        using var upload = await germany.UploadAsync(eventId, delegationId, Notes.Naming("Eve"));
        using var list = await germany.GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales");
        using var record = await germany.GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}");
        using var content = await germany.GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}/content");
        using var anonymous = await api.Client().Anonymous().GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}/content");
        using var unknown = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{Guid.CreateVersion7()}/content");

        await upload.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await list.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await record.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await content.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegation-not-found");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "note-verbale-not-found");
        (await NotesAsync(delegationId)).ShouldBe(1);
    }

    [Fact]
    public async Task An_upload_after_the_deadline_is_refused_and_stores_nothing()
    {
        var (eventId, delegationId) = await DelegationAsync();
        using var afterDeadline = api.Clock.At(new DateTimeOffset(2023, 8, 22, 0, 0, 0, TimeSpan.Zero));

        using var response = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, Notes.Naming("Ms. Anna Berger"));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "registration-closed");
        (await NotesAsync(delegationId)).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_uploads_each_land_whole_or_not_at_all()
    {
        var (eventId, delegationId) = await DelegationAsync();
        await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"));

        var uploads = Enumerable.Range(0, 4).Select(async i =>
        {
            using var response = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, Notes.Naming($"Ms. Anna Berger ({i})"));
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(uploads);

        var landed = statuses.Count(s => s == HttpStatusCode.Created);
        landed.ShouldBeGreaterThanOrEqualTo(1);
        statuses.Where(s => s != HttpStatusCode.Created).ShouldAllBe(s => s == HttpStatusCode.Conflict);
        (await NotesAsync(delegationId)).ShouldBe(landed);
        (await api.ScalarAsync<long>(
            "SELECT count(*) FROM note_verbale_contents c JOIN notes_verbales n ON n.id = c.note_verbale_id WHERE n.delegation_id = @d", ("d", delegationId)))
            .ShouldBe(landed);
        (await api.ScalarAsync<long>(
            "SELECT count(*) FROM note_verbale_matches m JOIN notes_verbales n ON n.id = m.note_verbale_id WHERE n.delegation_id = @d", ("d", delegationId)))
            .ShouldBe(landed);
    }
}
