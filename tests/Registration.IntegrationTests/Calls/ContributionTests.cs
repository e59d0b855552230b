using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Calls;

/// <summary>Calls for contributions: submitting per topic, eligibility, the deadline from both sides, files checked by content, and what each caller sees.</summary>
public sealed class ContributionTests(ContributionTests.SmallUploadsApi api) : IClassFixture<ContributionTests.SmallUploadsApi>
{
    /// <summary>The service with a small limit on contribution files, so that the limit is tested without sending 20 MB.</summary>
    public sealed class SmallUploadsApi : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Uploads:MaxContributionFileBytes"] = "200000" };
    }

    private Task<HttpResponseMessage> UploadAsync(Guid callId, Guid contributionId, byte[] bytes, string fileName, string country = "AUT") =>
        api.Client().AsDelegation(country).UploadFileAsync($"/api/v1/calls/{callId}/contributions/{contributionId}/files", bytes, fileName, "application/octet-stream");

    [Fact]
    public async Task The_seed_call_is_public_and_takes_its_four_structured_fields_by_default()
    {
        var call = await api.CallAsync(Calls.SeedCall(reference: "CU 2024/132(A)/DTA/CEB/TSS"));

        call.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("key").GetString())
            .ShouldBe(["successes-and-good-practices", "challenges", "technical-assistance-needs", "lessons-learned"]);
        call.GetProperty("deadline").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2024-06-07T23:59:59+02:00", System.Globalization.CultureInfo.InvariantCulture));
        call.GetProperty("deadline").GetString().ShouldBe("2024-06-07T23:59:59+02:00");
        call.GetProperty("status").GetString().ShouldBe("open");
        var read = await api.Client().Anonymous().GetJsonAsync($"/api/v1/calls/{call.GetProperty("id").GetGuid()}");
        read.GetProperty("reference").GetString().ShouldBe("CU 2024/132(A)/DTA/CEB/TSS");

        using var again = await api.Client().AsSecretariat().PostAsync("/api/v1/calls", Calls.SeedCall(reference: "CU 2024/132(A)/DTA/CEB/TSS"));
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "call-reference-taken");
    }

    [Fact]
    public async Task A_state_contributes_once_per_topic_in_an_official_language_with_the_calls_fields()
    {
        var callId = (await api.CallAsync()).GetProperty("id").GetGuid();

        using (var created = await api.SubmitAsync(callId, "AUT"))
        {
            var contribution = await created.ShouldHaveAsync(HttpStatusCode.Created);
            contribution.GetProperty("country").GetString().ShouldBe("AUT");
            contribution.GetProperty("publication").GetString().ShouldBe("publish");
            contribution.GetProperty("answers").GetProperty("challenges").GetString().ShouldBe("Small municipalities lack trained staff.");
            created.Headers.Location!.ToString().ShouldEndWith($"/api/v1/calls/{callId}/contributions/{contribution.GetProperty("id").GetGuid()}");
        }

        using (var twice = await api.SubmitAsync(callId, "AUT"))
        {
            await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict, "contribution-exists");
        }

        await api.ContributionAsync(callId, "AUT", Calls.Contribution(Calls.Technology, language: "fr"));

        using (var badTopic = await api.SubmitAsync(callId, "AUT", new { topic = "weather", language = "en", answers = new Dictionary<string, string> { ["mood"] = "x" } }))
        {
            await badTopic.ShouldBeValidationProblemAsync("topic");
        }

        using (var badAnswer = await api.SubmitAsync(callId, "DEU", new { topic = Calls.Procurement, language = "en", answers = new Dictionary<string, string> { ["mood"] = "x" } }))
        {
            await badAnswer.ShouldBeValidationProblemAsync("answers.mood");
        }

        using (var badLanguage = await api.SubmitAsync(callId, "DEU", new { topic = Calls.Procurement, language = "de" }))
        {
            await badLanguage.ShouldBeValidationProblemAsync("language");
        }

        using (var other = await api.Client().AsDelegation("DEU").PostAsync($"/api/v1/calls/{callId}/contributions", new { country = "AUT", topic = Calls.Procurement, language = "en" }))
        {
            await other.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using (var secretariatWithoutCountry = await api.Client().AsSecretariat().PostAsync($"/api/v1/calls/{callId}/contributions", Calls.Contribution()))
        {
            await secretariatWithoutCountry.ShouldBeValidationProblemAsync("country");
        }
    }

    [Fact]
    public async Task A_state_the_call_does_not_invite_is_refused()
    {
        var callId = (await api.CallAsync(Calls.SeedCall(eligible: ["AUT", "DEU"]))).GetProperty("id").GetGuid();

        using var france = await api.SubmitAsync(callId, "FRA");
        await france.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "country-not-eligible");
        using var bySecretariat = await api.Client().AsSecretariat().PostAsync($"/api/v1/calls/{callId}/contributions", new { country = "FRA", topic = Calls.Procurement, language = "fr" });
        await bySecretariat.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "country-not-eligible");
        await api.ContributionAsync(callId, "DEU");
        (await api.ScalarAsync<long>("SELECT count(*) FROM contributions WHERE call_id = @c", ("c", callId))).ShouldBe(1);
    }

    [Fact]
    public async Task The_deadline_holds_from_both_sides_whether_or_not_the_job_ran()
    {
        var deadline = api.Clock.GetUtcNow().AddHours(1);
        var callId = (await api.CallAsync(Calls.SeedCall(deadline: deadline.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))))
            .GetProperty("id").GetGuid();

        Guid contributionId;
        using (api.Clock.At(deadline.AddSeconds(-1)))
        {
            contributionId = await api.ContributionAsync(callId, "AUT");
            using var file = await UploadAsync(callId, contributionId, Notes.Naming("Contribution of Austria"), "austria.pdf");
            await file.ShouldHaveAsync(HttpStatusCode.Created);
        }

        using (api.Clock.At(deadline))
        {
            (await api.Client().GetJsonAsync($"/api/v1/calls/{callId}")).GetProperty("status").GetString().ShouldBe("closed");
            using (var late = await api.SubmitAsync(callId, "DEU"))
            {
                await late.ShouldBeProblemAsync(HttpStatusCode.Conflict, "call-closed");
            }

            using (var lateFile = await UploadAsync(callId, contributionId, Notes.Naming("Addendum"), "addendum.pdf"))
            {
                await lateFile.ShouldBeProblemAsync(HttpStatusCode.Conflict, "call-closed");
            }

            using (var lateEdit = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/calls/{callId}/contributions/{contributionId}", new { answers = new Dictionary<string, string> { ["challenges"] = "late" } }))
            {
                await lateEdit.ShouldBeProblemAsync(HttpStatusCode.Conflict, "call-closed");
            }

            // Changing one's mind about publication is never late.
            using var withhold = await api.Client().AsDelegation("AUT").PatchAsync($"/api/v1/calls/{callId}/contributions/{contributionId}", new { publication = "withhold" });
            (await withhold.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("publication").GetString().ShouldBe("withhold");
        }

        (await api.ScalarAsync<long>("SELECT count(*) FROM contributions WHERE call_id = @c", ("c", callId))).ShouldBe(1);
        (await api.ScalarAsync<long>("SELECT count(*) FROM contribution_files f JOIN contributions c ON c.id = f.contribution_id WHERE c.call_id = @c", ("c", callId))).ShouldBe(1);
        (await api.ScalarAsync<string>("SELECT answers->>'challenges' FROM contributions WHERE id = @c", ("c", contributionId))).ShouldBe("Small municipalities lack trained staff.");

        // Moving the deadline later re-opens the call.
        using (api.Clock.At(deadline.AddMinutes(5)))
        {
            using var moved = await api.Client().AsSecretariat().PatchAsync($"/api/v1/calls/{callId}", new { deadline = deadline.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture) });
            (await moved.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("open");
            await api.ContributionAsync(callId, "DEU");
        }
    }

    [Fact]
    public async Task Files_are_accepted_as_pdf_or_docx_judged_by_their_bytes()
    {
        var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
        var contributionId = await api.ContributionAsync(callId, "AUT");

        using (var pdf = await UploadAsync(callId, contributionId, Notes.Naming("Contribution of Austria"), "contribution"))
        {
            var file = await pdf.ShouldHaveAsync(HttpStatusCode.Created);
            file.GetProperty("contentType").GetString().ShouldBe("application/pdf");
            file.GetProperty("fileName").GetString().ShouldBe("contribution.pdf");
        }

        var docxBytes = Docx.Build([["Contribution of Austria on procurement"]]);
        using (var docx = await UploadAsync(callId, contributionId, docxBytes, "contribution.pdf"))
        {
            var file = await docx.ShouldHaveAsync(HttpStatusCode.Created);
            file.GetProperty("contentType").GetString().ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            file.GetProperty("fileName").GetString().ShouldBe("contribution.pdf.docx");
            using var download = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/calls/{callId}/contributions/{contributionId}/files/{file.GetProperty("id").GetGuid()}");
            (await download.Content.ReadAsByteArrayAsync()).ShouldBe(docxBytes);
        }

        using (var text = await UploadAsync(callId, contributionId, "plain text, not a document"u8.ToArray(), "contribution.pdf"))
        {
            await text.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        }

        using (var macro = await UploadAsync(callId, contributionId, Docx.Build([["x"]], type: DocumentFormat.OpenXml.WordprocessingDocumentType.MacroEnabledDocument), "contribution.docx"))
        {
            await macro.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        }

        using (var large = await UploadAsync(callId, contributionId, new byte[200_001], "large.pdf"))
        {
            await large.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        }

        (await api.Client().AsDelegation("AUT").GetJsonAsync($"/api/v1/calls/{callId}/contributions/{contributionId}")).GetProperty("files").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task A_delegation_sees_only_its_own_states_contributions()
    {
        var callId = (await api.CallAsync()).GetProperty("id").GetGuid();
        var austria = await api.ContributionAsync(callId, "AUT");
        await api.ContributionAsync(callId, "DEU");

        using var other = await api.Client().AsDelegation("DEU").GetAsync($"/api/v1/calls/{callId}/contributions/{austria}");
        await other.ShouldBeProblemAsync(HttpStatusCode.NotFound, "contribution-not-found");
        using var patch = await api.Client().AsDelegation("DEU").PatchAsync($"/api/v1/calls/{callId}/contributions/{austria}", new { publication = "withhold" });
        await patch.ShouldBeProblemAsync(HttpStatusCode.NotFound, "contribution-not-found");
        var germany = await api.Client().AsDelegation("DEU").GetJsonAsync($"/api/v1/calls/{callId}/contributions");
        germany.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("country").GetString()).ShouldBe(["DEU"]);
        var all = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/calls/{callId}/contributions");
        all.GetProperty("items").GetArrayLength().ShouldBe(2);
        using var summary = await api.Client().AsDelegation("DEU").GetAsync($"/api/v1/calls/{callId}/summary");
        await summary.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
