using System.Net;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>PostgreSQL keeps microseconds: what a write answers is what later reads show, to the digit.</summary>
public sealed class InstantPrecisionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    // 7 decimals of a second, where PostgreSQL keeps 6.
    private static readonly DateTimeOffset OddInstant = ApiFactory.Start.AddTicks(6_248_516);

    private static string? At(JsonElement element, params string[] path) =>
        path.Aggregate(element, (current, member) => current.GetProperty(member)).GetString();

    [Fact]
    public async Task A_written_instant_reads_back_exactly_as_the_write_answered_it()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        using var _ = api.Clock.At(OddInstant);
        var client = api.Client().AsSecretariat();

        var registered = await api.DelegateAsync(eventId, delegationId, Arrange.Delegate("Anna", "Berger"));
        var delegatePath = $"/api/v1/events/{eventId}/delegates/{registered.GetProperty("id").GetGuid()}";
        var note = await api.UploadNoteAsync(eventId, delegationId, Notes.Naming("Ms. Anna BERGER"), "AUT");
        using var approval = await client.PostAsync($"{delegatePath}/approve", new { });
        var approved = await approval.ShouldHaveAsync(HttpStatusCode.OK);

        At(registered, "createdAt").ShouldEndWith(".624851+00:00");
        var read = await client.GetJsonAsync(delegatePath);
        At(read, "createdAt").ShouldBe(At(registered, "createdAt"));
        At(read, "updatedAt").ShouldBe(At(approved, "updatedAt"));
        At(read, "decision", "at").ShouldBe(At(approved, "decision", "at"));
        At(await client.GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales/{note.GetProperty("id").GetGuid()}"), "uploadedAt")
            .ShouldBe(At(note, "uploadedAt"));
    }
}
