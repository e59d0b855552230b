using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;
using UglyToad.PdfPig.Writer;

namespace Registration.IntegrationTests.NotesVerbales;

/// <summary>
/// Scanned notes verbales are read by OCR in a Hangfire job: the upload answers at once with <c>ocr-pending</c>; when
/// the job has run, the note's text is stored with <c>ocr</c> and the delegates are checked again. Real scans (written,
/// rasterised, turned and specked, without a text layer), real pdftoppm and tesseract, a real job server.
/// </summary>
public sealed class ScannedNoteTests(ScannedNoteTests.Api api) : IClassFixture<ScannedNoteTests.Api>
{
    /// <summary>The service with its job server; at most two pages of a note are read.</summary>
    public sealed class Api : JobServerApi
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Ocr:MaxPages"] = "2" };
    }

    private static readonly TimeSpan Reading = TimeSpan.FromMinutes(3);

    private sealed record Setup(Guid EventId, Guid DelegationId)
    {
        public string Delegate(Guid id) => $"/api/v1/events/{EventId}/delegates/{id}";
        public string Note(Guid id) => $"/api/v1/events/{EventId}/delegations/{DelegationId}/notes-verbales/{id}";
    }

    private async Task<Setup> DelegationAsync()
    {
        var eventId = await api.EventAsync();
        return new Setup(eventId, await api.DelegationAsync(eventId, "AUT"));
    }

    private async Task<Guid> RegisterAsync(Setup s, string given, string family) =>
        (await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate(given, family))).GetProperty("id").GetGuid();

    private async Task<JsonElement> UploadAsync(Setup s, byte[] pdf)
    {
        var note = await api.UploadNoteAsync(s.EventId, s.DelegationId, pdf, "AUT");
        note.GetProperty("textSource").GetString().ShouldBe("ocr-pending");
        return note;
    }

    /// <summary>Polls the note (bounded) until the job has read it or given up.</summary>
    private Task<JsonElement> ReadAsync(Setup s, Guid noteId) =>
        Eventually.Async(
            () => api.Client().AsSecretariat().GetJsonAsync(s.Note(noteId)),
            note => note.GetProperty("textSource").GetString() is "ocr" or "ocr-failed",
            $"the OCR job to read note verbale {noteId}",
            Reading);

    private async Task<JsonElement> CheckOfAsync(Setup s, Guid delegateId) =>
        (await api.Client().AsSecretariat().GetJsonAsync(s.Delegate(delegateId))).GetProperty("noteVerbale");

    private static string? Text(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();

    [Fact]
    public async Task A_scan_naming_a_delegate_with_diacritics_leads_to_matched_with_the_evidence_shown()
    {
        var s = await DelegationAsync();
        var zoe = await RegisterAsync(s, "Zoë", "Lefèvre");
        var other = await RegisterAsync(s, "Jan", "Novak");

        var uploaded = await UploadAsync(s, ScannedNotes.Naming("Ms. Zoë LEFÈVRE, Counsellor"));

        // The upload answered before any OCR: nothing read yet, nobody matched.
        uploaded.GetProperty("textExtracted").GetBoolean().ShouldBeFalse();
        uploaded.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("status").GetString()).ShouldAllBe(status => status == "unmatched");
        var noteId = uploaded.GetProperty("id").GetGuid();

        var note = await ReadAsync(s, noteId);

        note.GetProperty("textSource").GetString().ShouldBe("ocr");
        note.GetProperty("textExtracted").GetBoolean().ShouldBeTrue();
        note.GetProperty("ocr").GetProperty("pagesRead").EnumerateArray().Select(p => p.GetInt32()).ShouldBe([1]);
        note.GetProperty("ocr").GetProperty("pagesOverLimit").GetArrayLength().ShouldBe(0);
        var page = note.GetProperty("text").EnumerateArray().Single();
        page.GetProperty("source").GetString().ShouldBe("ocr");
        page.GetProperty("text").GetString()!.ShouldContain("Permanent Mission");
        note.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("delegateId").GetGuid() == zoe).GetProperty("status").GetString().ShouldBe("matched");

        var check = await CheckOfAsync(s, zoe);
        check.GetProperty("status").GetString().ShouldBe("matched");
        check.GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
        check.GetProperty("page").GetInt32().ShouldBe(1);
        check.GetProperty("source").GetString().ShouldBe("ocr");
        (await CheckOfAsync(s, other)).GetProperty("status").GetString().ShouldBe("unmatched");

        // Nobody typed anything, and the secretariat can approve on that evidence.
        using var approved = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(zoe)}/approve", new { });
        (await approved.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("decision").GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);

        // The delegation sees where the text came from, not the recognised text.
        var seenByDelegation = await api.Client().AsDelegation("AUT").GetJsonAsync(s.Note(noteId));
        seenByDelegation.GetProperty("textSource").GetString().ShouldBe("ocr");
        seenByDelegation.GetProperty("text").ValueKind.ShouldBe(JsonValueKind.Null);

        // Integrators are told: the note was read, and the delegate's check changed.
        var (changes, _) = await api.Client().AsSecretariat().ReadToEndAsync(s.EventId);
        changes.Where(c => c.DataId() == noteId).Select(c => c.Type()).ShouldBe(["note-verbale.uploaded", "note-verbale.updated"]);
        var read = changes.Last(c => c.Type() == "note-verbale.updated");
        read.GetProperty("data").GetProperty("textSource").GetString().ShouldBe("ocr");
        changes.ShouldContain(c => c.Type() == "delegate.updated" && c.DataId() == zoe
            && c.GetProperty("data").GetProperty("noteVerbale").GetProperty("status").GetString() == "matched");
    }

    [Fact]
    public async Task Cyrillic_and_arabic_names_are_read_in_their_scripts()
    {
        var s = await DelegationAsync();
        var sergei = await RegisterAsync(s, "Сергей", "Иванов");
        var ahmad = await RegisterAsync(s, "أحمد", "حسن");

        var noteId = (await UploadAsync(s, ScannedNotes.Naming("Mr. Сергей ИВАНОВ, First Secretary", "أحمد حسن"))).GetProperty("id").GetGuid();
        await ReadAsync(s, noteId);

        foreach (var delegateId in new[] { sergei, ahmad })
        {
            var check = await CheckOfAsync(s, delegateId);
            (check.GetProperty("status").GetString(), check.GetProperty("page").GetInt32(), check.GetProperty("source").GetString())
                .ShouldBe(("matched", 1, "ocr"), $"delegate {delegateId}");
        }
    }

    [Fact]
    public async Task A_two_page_note_with_a_text_layer_on_one_page_and_a_scan_on_the_other_is_read_where_it_has_no_text()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");
        var johann = await RegisterAsync(s, "Johann", "Weber");
        var typed = ScannedNotes.Written(ScannedNotes.Letter("Ms. Anna BERGER, Counsellor"));
        var scanned = ScannedNotes.Naming("Mr. Johann WEBER, First Secretary");

        var uploaded = await UploadAsync(s, PdfMerger.Merge([typed, scanned]));
        var noteId = uploaded.GetProperty("id").GetGuid();

        // Its text layer counts at once; the scanned page once read.
        uploaded.GetProperty("pageCount").GetInt32().ShouldBe(2);
        (await CheckOfAsync(s, anna)).GetProperty("status").GetString().ShouldBe("matched");
        var note = await ReadAsync(s, noteId);
        note.GetProperty("ocr").GetProperty("pagesRead").EnumerateArray().Select(p => p.GetInt32()).ShouldBe([2]);
        note.GetProperty("text").EnumerateArray().Select(p => p.GetProperty("source").GetString()).ShouldBe(["text-layer", "ocr"]);

        var annaCheck = await CheckOfAsync(s, anna);
        (annaCheck.GetProperty("status").GetString(), annaCheck.GetProperty("page").GetInt32(), annaCheck.GetProperty("source").GetString())
            .ShouldBe(("matched", 1, "text-layer"));
        var johannCheck = await CheckOfAsync(s, johann);
        (johannCheck.GetProperty("status").GetString(), johannCheck.GetProperty("page").GetInt32(), johannCheck.GetProperty("source").GetString())
            .ShouldBe(("matched", 2, "ocr"));
    }

    [Fact]
    public async Task A_blank_scan_is_read_as_blank_and_its_delegates_wait_for_a_confirmation_by_hand()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");

        var noteId = (await UploadAsync(s, ScannedNotes.Blank())).GetProperty("id").GetGuid();
        var note = await ReadAsync(s, noteId);

        note.GetProperty("textSource").GetString().ShouldBe("ocr");
        note.GetProperty("textExtracted").GetBoolean().ShouldBeFalse();
        (await CheckOfAsync(s, anna)).GetProperty("status").GetString().ShouldBe("unmatched");
        using (var refused = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(anna)}/approve", new { }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch");
        }

        using var confirmed = await api.Client().AsSecretariat().PostAsync(
            $"{s.Delegate(anna)}/note-verbale-confirmation", new { noteVerbaleId = noteId, comment = "The original, received by post, names her." });
        (await confirmed.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("confirmed");
    }

    [Fact]
    public async Task The_false_friend_ben_anna_does_not_match_anna_berger_on_a_scan()
    {
        var s = await DelegationAsync();
        var anna = await RegisterAsync(s, "Anna", "Berger");
        var ben = await RegisterAsync(s, "Ben", "Anna");

        var noteId = (await UploadAsync(s, ScannedNotes.Naming("Mr. Ben ANNA, Adviser"))).GetProperty("id").GetGuid();
        await ReadAsync(s, noteId);

        (await CheckOfAsync(s, ben)).GetProperty("status").GetString().ShouldBe("matched");
        (await CheckOfAsync(s, anna)).GetProperty("status").GetString().ShouldBe("unmatched");
    }

    [Fact]
    public async Task A_note_over_the_page_limit_is_read_up_to_it_and_says_so()
    {
        var s = await DelegationAsync();
        var johann = await RegisterAsync(s, "Johann", "Weber");

        var noteId = (await UploadAsync(s, ScannedNotes.Pages([], [], ScannedNotes.Letter("Mr. Johann WEBER, First Secretary")))).GetProperty("id").GetGuid();
        var note = await ReadAsync(s, noteId);

        note.GetProperty("textSource").GetString().ShouldBe("ocr");
        note.GetProperty("ocr").GetProperty("pagesRead").EnumerateArray().Select(p => p.GetInt32()).ShouldBe([1, 2]);
        note.GetProperty("ocr").GetProperty("pagesOverLimit").EnumerateArray().Select(p => p.GetInt32()).ShouldBe([3]);
        note.GetProperty("text")[2].GetProperty("source").GetString().ShouldBe("none");
        (await CheckOfAsync(s, johann)).GetProperty("status").GetString().ShouldBe("unmatched");
    }

    [Fact]
    public async Task A_delegate_registered_after_the_reading_is_checked_against_the_recognised_text()
    {
        var s = await DelegationAsync();
        var noteId = (await UploadAsync(s, ScannedNotes.Naming("Ms. Margarethe WOLFENSTEIN, Adviser"))).GetProperty("id").GetGuid();
        await ReadAsync(s, noteId);

        var margarethe = await api.DelegateAsync(s.EventId, s.DelegationId, Arrange.Delegate("Margarethe", "Wolfenstein"));

        var check = margarethe.GetProperty("noteVerbale");
        (check.GetProperty("status").GetString(), check.GetProperty("source").GetString()).ShouldBe(("matched", "ocr"));
        Text(check, "readAs").ShouldBeNull(); // read exactly
    }
}

/// <summary>A reading lost between the upload's commit and its queueing is found by the sweep.</summary>
public sealed class LostOcrReadingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_scan_still_pending_long_after_its_upload_is_queued_again_by_the_sweep_and_read()
    {
        // This instance runs no job server: the scan is filed and its job queued, then the job is lost, as when the
        // process stops right after the upload's commit.
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var anna = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var noteId = (await api.UploadNoteAsync(eventId, delegationId, ScannedNotes.Naming("Ms. Anna BERGER, Counsellor"), "AUT")).GetProperty("id").GetGuid();
        (await api.ScalarAsync<int>(
            "WITH lost AS (DELETE FROM hangfire.jobqueue WHERE jobid IN (SELECT id FROM hangfire.job WHERE invocationdata::text LIKE '%ReadScannedNoteVerbale%') RETURNING 1) SELECT count(*)::int FROM lost"))
            .ShouldBe(1);

        // A second instance, with its job server, on the same database.
        var server = new JobServerApi { SharedConnectionString = api.ConnectionString };
        await server.InitializeAsync();
        try
        {
            var path = $"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}";
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var sweep = scope.ServiceProvider.GetRequiredService<ReadPendingNotesVerbales>();
                (await sweep.RunAsync(CancellationToken.None)).ShouldBe(0); // just uploaded: its job may still be waiting for a retry
                (await server.Client().AsSecretariat().GetJsonAsync(path)).GetProperty("textSource").GetString().ShouldBe("ocr-pending");
                server.Clock.Advance(TimeSpan.FromHours(2));
                (await sweep.RunAsync(CancellationToken.None)).ShouldBe(1);
            }

            var note = await Eventually.Async(
                () => server.Client().AsSecretariat().GetJsonAsync(path),
                n => n.GetProperty("textSource").GetString() == "ocr",
                "the job the sweep queued to read the note",
                TimeSpan.FromMinutes(3));
            note.GetProperty("matches").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("matched");
            (await server.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates/{anna}"))
                .GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
        }
        finally
        {
            await ((IAsyncDisposable)server).DisposeAsync();
        }
    }
}

/// <summary>A reading that fails is retried; after the last attempt the note is <c>ocr-failed</c> and its delegates wait for a person.</summary>
public sealed class FailingOcrTests(FailingOcrTests.Api api) : IClassFixture<FailingOcrTests.Api>
{
    /// <summary>No page can be read in 50 ms: every attempt runs out of time (and its programs are killed); one retry, at once.</summary>
    public sealed class Api : JobServerApi
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Ocr:SecondsPerPage"] = "0.05",
            ["Ocr:RetryDelaysSeconds"] = "0",
        };
    }

    [Fact]
    public async Task After_the_last_attempt_the_note_is_ocr_failed_and_the_secretariat_confirms_by_hand()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var anna = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var uploaded = await api.UploadNoteAsync(eventId, delegationId, ScannedNotes.Naming("Ms. Anna BERGER, Counsellor"), "AUT");
        uploaded.GetProperty("textSource").GetString().ShouldBe("ocr-pending");
        var noteId = uploaded.GetProperty("id").GetGuid();
        var path = $"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{noteId}";

        var note = await Eventually.Async(
            () => api.Client().AsSecretariat().GetJsonAsync(path),
            n => n.GetProperty("textSource").GetString() != "ocr-pending",
            "the OCR job to give up",
            TimeSpan.FromMinutes(2));

        note.GetProperty("textSource").GetString().ShouldBe("ocr-failed");
        note.GetProperty("ocr").GetProperty("failure").GetString()!.ShouldContain("took longer than 0.05 s");
        note.GetProperty("ocr").GetProperty("pagesRead").GetArrayLength().ShouldBe(0);
        note.GetProperty("textExtracted").GetBoolean().ShouldBeFalse();

        // Two attempts, both failed; the job stays failed in the dashboard.
        var jobId = await api.ScalarAsync<long>("SELECT id FROM hangfire.job WHERE invocationdata::text LIKE '%ReadScannedNoteVerbale%' AND arguments::text LIKE @id", ("id", $"%{noteId}%"));
        (await api.ScalarAsync<long>("SELECT count(*) FROM hangfire.state WHERE jobid = @id AND name = 'Processing'", ("id", jobId))).ShouldBe(2);
        await Eventually.Async(
            () => api.ScalarAsync<string>("SELECT statename FROM hangfire.job WHERE id = @id", ("id", jobId)),
            state => state == "Failed",
            "the job to be failed");

        var delegatePath = $"/api/v1/events/{eventId}/delegates/{anna}";
        (await api.Client().AsSecretariat().GetJsonAsync(delegatePath)).GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("unmatched");
        using var confirmed = await api.Client().AsSecretariat().PostAsync(
            $"{delegatePath}/note-verbale-confirmation", new { noteVerbaleId = noteId, comment = "The scan names her on page 1." });
        (await confirmed.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("confirmed");

        var (changes, _) = await api.Client().AsSecretariat().ReadToEndAsync(eventId);
        changes.Where(c => c.DataId() == noteId).Select(c => c.Type()).ShouldBe(["note-verbale.uploaded", "note-verbale.updated"]);
    }
}
