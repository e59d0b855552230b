using System.Net;
using System.Text.Json.Nodes;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>Every free-text field has one character rule: what PostgreSQL cannot store, or what reads other than it is, is a 400 naming the field.</summary>
public sealed class FreeTextTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>
    /// As code points, so that test names stay plain text: a NUL makes the test log a binary file, a right-to-left
    /// override turns the rest of its line around.
    /// </summary>
    public static TheoryData<string> Unstorable => new() { "U+0000", "U+0007", "U+202E" };

    private static string Character(string codePoint) => char.ConvertFromUtf32(Convert.ToInt32(codePoint[2..], 16));

    private static JsonObject EventWith(string member, JsonNode? value) =>
        Requests.JointEvent($"TEXT-{Random.Shared.Next():X8}").With(member, value);

    [Theory]
    [MemberData(nameof(Unstorable))]
    public async Task Event_title_and_venue_refuse_control_characters(string codePoint)
    {
        var character = Character(codePoint);
        var client = api.Client().AsSecretariat();

        using var title = await client.PostAsync("/api/v1/events", EventWith("title", $"Joint meetings{character}"));
        using var venue = await client.PostAsync("/api/v1/events", EventWith("venue", $"Vienna{character} International Centre"));

        await title.ShouldBeValidationProblemAsync("title");
        await venue.ShouldBeValidationProblemAsync("venue");
    }

    [Theory]
    [MemberData(nameof(Unstorable))]
    public async Task Meeting_titles_and_references_refuse_control_characters(string codePoint)
    {
        var character = Character(codePoint);
        var meetings = new JsonArray(
            Requests.Meeting("EMIC-12", $"Expert meeting{character}", "CU 2023/227"),
            Requests.Meeting("IRG-14R", "Implementation Review Group", $"CU{character} 2023/228"));

        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", EventWith("meetings", meetings));

        await response.ShouldBeValidationProblemAsync("meetings[0].title", "meetings[1].reference");
    }

    [Fact]
    public async Task An_event_edit_refuses_a_nul_in_its_title_and_venue()
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsSecretariat().PatchAsync($"/api/v1/events/{eventId}", new { title = "New\u0000title", venue = "Hall\u0000B" });

        await response.ShouldBeValidationProblemAsync("title", "venue");
    }

    [Fact]
    public async Task A_rejection_reason_and_a_confirmation_comment_refuse_a_nul_but_keep_line_breaks()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"))).GetProperty("id").GetGuid();
        var note = await api.UploadNoteAsync(eventId, delegationId, Notes.Scan(), "AUT");
        var client = api.Client().AsSecretariat();
        var delegatePath = $"/api/v1/events/{eventId}/delegates/{delegateId}";

        using var badReason = await client.PostAsync($"{delegatePath}/reject", new { reason = "Not named\u0000" });
        using var badComment = await client.PostAsync(
            $"{delegatePath}/note-verbale-confirmation", new { noteVerbaleId = note.GetProperty("id").GetGuid(), comment = "Page 2\u0000" });
        using var confirmed = await client.PostAsync(
            $"{delegatePath}/note-verbale-confirmation", new { noteVerbaleId = note.GetProperty("id").GetGuid(), comment = "Scanned note.\nPage 2 lists her." });
        using var rejected = await client.PostAsync($"{delegatePath}/reject", new { reason = "Not accredited.\r\n\tPlease send a corrected note." });

        await badReason.ShouldBeValidationProblemAsync("reason");
        await badComment.ShouldBeValidationProblemAsync("comment");
        await confirmed.ShouldHaveAsync(HttpStatusCode.OK);
        (await rejected.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("decision").GetProperty("reason").GetString()
            .ShouldBe("Not accredited.\r\n\tPlease send a corrected note.");
    }

    [Fact]
    public async Task A_search_term_with_a_nul_is_refused()
    {
        var eventId = await api.EventAsync();

        using var response = await api.Client().AsSecretariat().GetAsync($"/api/v1/events/{eventId}/delegates?q=ber%00ger");

        await response.ShouldBeValidationProblemAsync("q");
    }

    [Theory]
    [MemberData(nameof(Unstorable))]
    public async Task Delegate_names_refuse_control_characters(string codePoint)
    {
        var character = Character(codePoint);
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");

        using var response = await api.Client().AsSecretariat()
            .PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate($"Anna{character}", $"Berger{character}"));

        await response.ShouldBeValidationProblemAsync("givenName", "familyName");
        (await api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE event_id = @e", ("e", eventId))).ShouldBe(0);
    }

    [Fact]
    public async Task Event_and_meeting_codes_with_a_trailing_line_break_are_refused()
    {
        var client = api.Client().AsSecretariat();
        using var first = await client.PostAsync("/api/v1/events", Requests.JointEvent("OPEN-2027"));
        await first.ShouldHaveAsync(HttpStatusCode.Created);

        using var eventCode = await client.PostAsync("/api/v1/events", Requests.JointEvent("OPEN-2027\n"));
        using var meetingCode = await client.PostAsync(
            "/api/v1/events", EventWith("meetings", new JsonArray(Requests.Meeting("EMIC-12\n", "Expert meeting"), Requests.Meeting("EMIC-12", "Twin"))));

        await eventCode.ShouldBeValidationProblemAsync("code");
        await meetingCode.ShouldBeValidationProblemAsync("meetings[0].code");
    }

    [Theory]
    [InlineData(0x200B)] // zero-width space
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0xFEFF)] // byte order mark
    [InlineData(0x200F)] // right-to-left mark
    [InlineData(0x0085)] // C1 next line
    [InlineData(0xE0041)] // tag letter A
    public async Task Names_refuse_invisible_format_and_c1_characters(int codePoint)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");

        using var response = await api.Client().AsSecretariat().PostAsync(
            $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", Arrange.Delegate("Anna", "Ber" + char.ConvertFromUtf32(codePoint) + "ger"));

        await response.ShouldBeValidationProblemAsync("familyName");
    }

    [Fact]
    public async Task Names_keep_the_zero_width_joiners_real_names_need_and_are_stored_in_nfc()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        const string persian = "\u0645\u06CC\u200C\u0631\u0632\u0627";   // Mi-Rza, with a zero-width non-joiner
        const string decomposed = "Ren\u0065\u0301e";                           // Renée as e + combining acute

        var created = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate(decomposed, persian));

        created.GetProperty("familyName").GetString().ShouldBe(persian);
        created.GetProperty("givenName").GetString().ShouldBe("Ren\u00E9e");
        (await api.ScalarAsync<string>("SELECT given_name FROM delegates WHERE id = @id", ("id", created.GetProperty("id").GetGuid()))).ShouldBe("Ren\u00E9e");
    }
}
