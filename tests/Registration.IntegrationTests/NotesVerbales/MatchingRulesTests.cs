using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.NotesVerbales;

/// <summary>What counts as a note naming a delegate, seen through the API: whole names, addresses, compounds.</summary>
public sealed class MatchingRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Setup(Guid EventId, Guid DelegationId, Guid DelegateId)
    {
        public string Delegate => $"/api/v1/events/{EventId}/delegates/{DelegateId}";
    }

    private async Task<Setup> DelegateAsync(string given, string family, string? email = null)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var delegateId = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate(given, family, email))).GetProperty("id").GetGuid();
        return new Setup(eventId, delegationId, delegateId);
    }

    private async Task<(JsonElement Note, JsonElement Delegate)> UploadAsync(Setup s, params string[] lines)
    {
        var note = await api.UploadNoteAsync(s.EventId, s.DelegationId, Notes.Naming(lines), "AUT");
        return (note, await api.Client().AsSecretariat().GetJsonAsync(s.Delegate));
    }

    private static string? Status(JsonElement delegate_) => delegate_.GetProperty("noteVerbale").GetProperty("status").GetString();

    private static JsonElement MatchOf(JsonElement note, Guid delegateId) =>
        note.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("delegateId").GetGuid() == delegateId);

    [Theory]
    [InlineData("a&b")]
    [InlineData("a!b")]
    [InlineData("a#b")]
    [InlineData("a$b")]
    [InlineData("a*b")]
    [InlineData("a/b")]
    [InlineData("a=b")]
    [InlineData("a?b")]
    [InlineData("a^b")]
    [InlineData("a{b}")]
    [InlineData("a|b")]
    [InlineData("a~b")]
    public async Task Every_address_registration_accepts_is_matched_when_the_note_gives_it(string localPart)
    {
        var address = $"{localPart}@mfa.example.org";
        var s = await DelegateAsync("Nomen", "Nescio", address);

        var (note, delegate_) = await UploadAsync(s, $"Contact for the delegation: {address}");

        Status(delegate_).ShouldBe("matched");
        MatchOf(note, s.DelegateId).GetProperty("status").GetString().ShouldBe("matched");
    }

    [Fact]
    public async Task A_name_given_only_inside_an_e_mail_address_is_not_a_match()
    {
        var s = await DelegateAsync("Peter", "Weber", "p.weber@bmeia.gv.at");

        var (note, delegate_) = await UploadAsync(s, "Ms. Anna BERGER, Counsellor", "Contact: peter.weber@mfa.gv.at");

        Status(delegate_).ShouldBe("unmatched");
        MatchOf(note, s.DelegateId).GetProperty("status").GetString().ShouldBe("unmatched");
        MatchOf(note, s.DelegateId).GetProperty("partial").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("John", "Smith", "Mr. John SMITH-JONES, Counsellor")]
    [InlineData("Gabriel", "García", "Sr. Gabriel GARCIA-MARQUEZ, Embajador")]
    public async Task A_name_that_is_part_of_a_hyphenated_compound_is_partial_and_needs_a_confirmation(string given, string family, string line)
    {
        var s = await DelegateAsync(given, family);
        var (note, delegate_) = await UploadAsync(s, line);

        Status(delegate_).ShouldBe("partial");
        MatchOf(note, s.DelegateId).GetProperty("status").GetString().ShouldBe("unmatched");
        MatchOf(note, s.DelegateId).GetProperty("partial").GetBoolean().ShouldBeTrue();
        using var refused = await api.Client().AsSecretariat().PostAsync($"{s.Delegate}/approve", new { });
        (await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "note-verbale-mismatch")).GetProperty("detail").GetString()!
            .ShouldContain("part of a longer name");

        using var confirmed = await api.Client().AsSecretariat().PostAsync(
            $"{s.Delegate}/note-verbale-confirmation", new { noteVerbaleId = note.GetProperty("id").GetGuid(), comment = "Same person: passport shows the compound name." });
        Status(await confirmed.ShouldHaveAsync(HttpStatusCode.OK)).ShouldBe("confirmed");
        using var approved = await api.Client().AsSecretariat().PostAsync($"{s.Delegate}/approve", new { });
        await approved.ShouldHaveAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_word_broken_at_a_line_end_is_one_word_so_its_first_part_is_no_match()
    {
        var s = await DelegateAsync("Anna", "Berger");

        var (_, delegate_) = await UploadAsync(s, "The delegation: Ms. Anna Berger-", "mann, Counsellor, Permanent Mission");

        Status(delegate_).ShouldNotBe("matched");
        Status(delegate_).ShouldBe("partial");
    }

    [Fact]
    public async Task A_partially_named_delegate_is_still_awaiting_a_note_in_the_summary()
    {
        var s = await DelegateAsync("John", "Smith");
        await UploadAsync(s, "Mr. John SMITH-JONES, Counsellor");

        var summary = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{s.EventId}/summary");

        summary.ToString().ShouldContain(s.DelegateId.ToString());
    }
}
