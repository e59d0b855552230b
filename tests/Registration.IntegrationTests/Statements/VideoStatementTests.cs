using System.Net;
using System.Security.Cryptography;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Statements;

/// <summary>Pre-recorded video statements: three minutes at most, a real video with a transcript, streamed to the file store.</summary>
public sealed class VideoStatementTests(StatementApi api) : IClassFixture<StatementApi>
{
    private async Task<(Guid EventId, Guid DelegationId, Guid ItemId)> SceneAsync(string country = "AUT")
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, country);
        return (eventId, delegationId, await api.AgendaItemAsync(eventId, "3"));
    }

    [Fact]
    public async Task A_video_of_179_seconds_is_filed_with_its_duration_hash_and_the_invitations_label()
    {
        var (eventId, delegationId, itemId) = await SceneAsync();
        var video = await TestMedia.VideoAsync(179);
        var before = api.StoredFiles();

        using var response = await api.Client().AsDelegation("AUT").SubmitVideoAsync(eventId, delegationId, itemId, video);

        var statement = await response.ShouldHaveAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldEndWith($"/api/v1/events/{eventId}/statements/{statement.Id()}");
        statement.GetProperty("kind").GetString().ShouldBe("video");
        statement.GetProperty("state").GetString().ShouldBe("submitted");
        statement.GetProperty("version").GetInt32().ShouldBe(1);
        statement.GetProperty("meeting").GetString().ShouldBe("EMIC-12");
        statement.GetProperty("label").GetString().ShouldBe("12th EMIC statement \u2013 Austria 3");
        statement.GetProperty("fileName").GetString().ShouldBe("12th EMIC statement \u2013 Austria 3.mp4");
        statement.GetProperty("contentType").GetString().ShouldBe("video/mp4");
        statement.GetProperty("durationSeconds").GetDouble().ShouldBeInRange(178.5, 180);
        statement.GetProperty("sizeBytes").GetInt64().ShouldBe(video.Length);
        statement.GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(video)));
        statement.GetProperty("transcript").GetString()!.ShouldStartWith("Madam Chair");

        // In the store, in place (not staged), byte for byte.
        var stored = api.StoredFiles().Except(before).ShouldHaveSingleItem();
        stored.ShouldNotContain(".staging");
        (await File.ReadAllBytesAsync(stored)).ShouldBe(video);
        using var download = await api.Client().AsDelegation("AUT").GetAsync($"/api/v1/events/{eventId}/statements/{statement.Id()}/content");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(video);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("video/mp4");
        download.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("12th EMIC statement \u2013 Austria 3.mp4");
    }

    [Fact]
    public async Task A_video_of_181_seconds_is_statement_too_long_and_leaves_neither_file_nor_row()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("BEL");
        var before = api.StoredFiles();

        using var response = await api.Client().AsDelegation("BEL").SubmitVideoAsync(eventId, delegationId, itemId, await TestMedia.VideoAsync(181));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "statement-too-long");
        problem.GetProperty("detail").GetString()!.ShouldContain("181");
        (await api.StatementRowsAsync(delegationId)).ShouldBe(0);
        api.StoredFiles().Except(before).ShouldBeEmpty();
    }

    [Fact]
    public async Task Files_that_are_not_videos_are_refused_as_unsupported_media_and_leave_nothing()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("BGR");
        var before = api.StoredFiles();
        var client = api.Client().AsDelegation("BGR");

        foreach (var (what, bytes) in new[]
                 {
                     ("audio only", await TestMedia.AudioOnlyAsync()),
                     ("a text file named .mp4", TestMedia.TextNamedMp4),
                     ("a truncated video", await TestMedia.TruncatedAsync()),
                 })
        {
            using var response = await client.SubmitVideoAsync(eventId, delegationId, itemId, bytes);
            (await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type")).ToString().ShouldNotBeEmpty(what);
        }

        (await api.StatementRowsAsync(delegationId)).ShouldBe(0);
        api.StoredFiles().Except(before).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_video_needs_its_transcript_and_a_file_over_the_limit_is_payload_too_large()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("HRV");
        var before = api.StoredFiles();
        var client = api.Client().AsDelegation("HRV");

        using (var noTranscript = await client.SubmitVideoAsync(eventId, delegationId, itemId, await TestMedia.VideoAsync(179), transcript: null))
        {
            var problem = await noTranscript.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
            problem.GetProperty("errors").TryGetProperty("transcript", out _).ShouldBeTrue(problem.ToString());
        }

        var tooLarge = new byte[StatementApi.MaxVideoBytes + 1];
        Random.Shared.NextBytes(tooLarge);
        using (var response = await client.SubmitVideoAsync(eventId, delegationId, itemId, tooLarge))
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        }

        (await api.StatementRowsAsync(delegationId)).ShouldBe(0);
        api.StoredFiles().Except(before).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_upload_the_client_abandons_midway_leaves_neither_file_nor_row()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("CYP");
        var before = api.StoredFiles();
        var content = new MultipartFormDataContent
        {
            { new StringContent(itemId.ToString()), "agendaItemId" },
            { new StringContent("Transcript."), "transcript" },
            {
                // Half the video, then — once the server has begun staging it — the client goes away.
                new BrokenContent(await TestMedia.VideoAsync(179), () => Eventually.Async(
                    () => Task.FromResult(api.StoredFiles().Except(before).Count()), n => n == 1, "the server stages the upload", TimeSpan.FromSeconds(20))),
                "video",
                "statement.mp4"
            },
        };

        await Should.ThrowAsync<Exception>(() => api.Client().AsDelegation("CYP").Http.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/statements", content));

        // The server notices the broken body on its own time: wait (bounded) for the staged file to go.
        await Eventually.Async(() => Task.FromResult(api.StoredFiles().Except(before).Count()), n => n == 0, "the abandoned upload's staged file is removed", TimeSpan.FromSeconds(20));
        (await api.StatementRowsAsync(delegationId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_new_upload_on_the_same_item_is_the_next_version_and_every_version_stays_downloadable()
    {
        var (eventId, delegationId, itemId) = await SceneAsync("CZE");
        var client = api.Client().AsDelegation("CZE");
        var first = await TestMedia.VideoAsync(179);
        var second = await TestMedia.VideoAsync(60);

        using var one = await client.SubmitVideoAsync(eventId, delegationId, itemId, first);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        using var two = await client.SubmitVideoAsync(eventId, delegationId, itemId, second, meeting: "WGAR-17");

        var v1 = await one.ShouldHaveAsync(HttpStatusCode.Created);
        var v2 = await two.ShouldHaveAsync(HttpStatusCode.Created);
        v1.GetProperty("version").GetInt32().ShouldBe(1);
        v2.GetProperty("version").GetInt32().ShouldBe(2);
        v2.GetProperty("label").GetString().ShouldBe("17th WGAR statement \u2013 Czechia 3");
        foreach (var (statement, bytes) in new[] { (v1, first), (v2, second) })
        {
            using var download = await client.GetAsync($"/api/v1/events/{eventId}/statements/{statement.Id()}/content");
            (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        }

        var listed = await client.GetJsonAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/statements");
        listed.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("version").GetInt32()).ShouldBe([1, 2]);
    }

    /// <summary>Sends part of the bytes, then fails: what a client that goes away mid-upload looks like to the server.</summary>
    private sealed class BrokenContent(byte[] bytes, Func<Task> beforeFailing) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await stream.FlushAsync();
            await beforeFailing();
            throw new IOException("The client went away.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
