using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Participants;

/// <summary>A participant owns the delegates it registered itself, through the ordinary delegate paths, and sees nothing else.</summary>
public sealed class ParticipantAccessTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Scene(Guid EventId, Guid Own, Guid Someone, Guid ByDelegation)
    {
        public string Delegate(Guid id) => $"/api/v1/events/{EventId}/delegates/{id}";
    }

    private const string Anna = "anna@example.org";

    /// <summary>Anna registered herself; Ben registered himself; Austria's delegation registered Clara.</summary>
    private async Task<Scene> SceneAsync()
    {
        var eventId = await api.EventAsync();
        var own = (await api.SelfRegisteredAsync(eventId, Anna)).GetProperty("id").GetGuid();
        var someone = (await api.SelfRegisteredAsync(eventId, "ben@example.org", Arrange.Self("Ben", "Novak"))).GetProperty("id").GetGuid();
        var delegationId = await api.DelegationAsync(eventId, "DEU");
        var byDelegation = (await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Clara", "Weiss"))).GetProperty("id").GetGuid();
        return new Scene(eventId, own, someone, byDelegation);
    }

    [Fact]
    public async Task A_participant_reads_edits_and_withdraws_its_own_delegate()
    {
        var s = await SceneAsync();
        var anna = api.Client().AsParticipant(Anna);

        using var read = await anna.GetAsync(s.Delegate(s.Own));
        var etag = read.Headers.ETag!.Tag;
        await read.ShouldHaveAsync(HttpStatusCode.OK);
        using var edited = await anna.PatchAsync(s.Delegate(s.Own), new { jobTitle = "Minister Counsellor", email = "ANNA@example.org" });
        var changed = await edited.ShouldHaveAsync(HttpStatusCode.OK);
        using var withdrawn = await anna.PostAsync($"{s.Delegate(s.Own)}/withdraw", new { });

        changed.GetProperty("jobTitle").GetString().ShouldBe("Minister Counsellor");
        edited.Headers.ETag!.Tag.ShouldNotBe(etag);
        (await withdrawn.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("status").GetString().ShouldBe("withdrawn");
        (await api.ScalarAsync<string>("SELECT status FROM delegates WHERE id = @id", ("id", s.Own))).ShouldBe("Withdrawn");
    }

    [Fact]
    public async Task Someone_elses_delegate_is_404_for_a_participant_as_an_unknown_id_is_and_stays_unchanged()
    {
        var s = await SceneAsync();
        var anna = api.Client().AsParticipant(Anna);

        foreach (var id in new[] { s.Someone, s.ByDelegation, Guid.NewGuid() })
        {
            using var read = await anna.GetAsync(s.Delegate(id));
            using var edited = await anna.PatchAsync(s.Delegate(id), new { jobTitle = "Intruder" });
            using var withdrawn = await anna.PostAsync($"{s.Delegate(id)}/withdraw", new { });

            await read.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
            await edited.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
            await withdrawn.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
        }

        (await api.ScalarAsync<long>(
            "SELECT count(*) FROM delegates WHERE event_id = @e AND status = 'Pending' AND job_title = 'Counsellor'", ("e", s.EventId))).ShouldBe(3);
    }

    [Fact]
    public async Task The_same_person_under_another_subject_is_someone_else()
    {
        var s = await SceneAsync();

        using var response = await api.Client().AsParticipant(Anna, "another-identity-provider|anna").GetAsync(s.Delegate(s.Own));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "delegate-not-found");
    }

    [Fact]
    public async Task A_participant_may_not_move_its_delegate_to_another_address_but_its_delegation_may()
    {
        var s = await SceneAsync();

        using var byParticipant = await api.Client().AsParticipant(Anna).PatchAsync(s.Delegate(s.Own), new { email = "anna.private@example.org" });
        using var byDelegation = await api.Client().AsDelegation("AUT").PatchAsync(s.Delegate(s.Own), new { email = "anna.berger@example.gv.at" });

        await byParticipant.ShouldBeValidationProblemAsync("email");
        (await byDelegation.ShouldHaveAsync(HttpStatusCode.OK)).GetProperty("email").GetString().ShouldBe("anna.berger@example.gv.at");
    }

    [Fact]
    public async Task A_participants_delegate_is_its_delegations_too_and_the_secretariat_decides_on_it()
    {
        var s = await SceneAsync();
        var delegationId = (await api.Client().AsParticipant(Anna).GetJsonAsync(s.Delegate(s.Own))).GetProperty("delegationId").GetGuid();
        await api.UploadNoteAsync(s.EventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT");

        using var approved = await api.Client().AsSecretariat().PostAsync($"{s.Delegate(s.Own)}/approve", new { });

        await approved.ShouldHaveAsync(HttpStatusCode.OK);
        (await api.Client().AsParticipant(Anna).GetJsonAsync(s.Delegate(s.Own))).GetProperty("status").GetString().ShouldBe("approved");
        (await api.Client().AsDelegation("AUT").GetJsonAsync(s.Delegate(s.Own))).GetProperty("status").GetString().ShouldBe("approved");
    }
}
