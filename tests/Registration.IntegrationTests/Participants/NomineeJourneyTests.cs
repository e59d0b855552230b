using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Participants;

/// <summary>The nominee's whole path with nothing but a participant token and the note verbale their Government sent.</summary>
public sealed class NomineeJourneyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_nominee_registers_uploads_the_note_follows_the_status_and_withdraws()
    {
        var eventId = await api.EventAsync();
        var anna = api.Client().AsParticipant("anna.berger@example.gv.at");
        var ben = api.Client().AsParticipant("ben.huber@example.gv.at");
        var note = Notes.Naming("Ms. Anna BERGER, Counsellor", "Mr. Ben HUBER, Adviser");

        using var registered = await anna.PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Anna", "Berger"));
        var annaId = (await registered.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var benRegistered = await ben.PostAsync($"/api/v1/events/{eventId}/registrations", Arrange.Self("Ben", "Huber"));
        var benId = (await benRegistered.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        // Both nominees upload the note their Government sent to both of them: one note, matching both.
        using var annaUpload = await anna.UploadForDelegateAsync(eventId, annaId, note);
        using var benUpload = await ben.UploadForDelegateAsync(eventId, benId, note);
        using var notOwn = await ben.UploadForDelegateAsync(eventId, annaId, note);
        var noteId = (await annaUpload.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await benUpload.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("id").GetGuid().ShouldBe(noteId);
        await notOwn.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");

        var mine = await anna.GetJsonAsync($"/api/v1/events/{eventId}/delegates/{annaId}");
        mine.GetProperty("noteVerbale").GetProperty("status").GetString().ShouldBe("matched");
        mine.GetProperty("noteVerbale").GetProperty("noteVerbaleId").GetGuid().ShouldBe(noteId);
        using var approved = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegates/{annaId}/approve", new { });
        await approved.ShouldHaveAsync(HttpStatusCode.OK);
        var listed = await anna.GetJsonAsync("/api/v1/me/registrations");
        listed.GetProperty("items").EnumerateArray().Single().GetProperty("status").GetString().ShouldBe("approved");

        using var withdrawn = await anna.PostAsync($"/api/v1/events/{eventId}/delegates/{annaId}/withdraw", new { });
        (await withdrawn.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("withdrawn");
    }
}
