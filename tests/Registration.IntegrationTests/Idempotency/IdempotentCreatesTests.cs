using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registration.Api.Jobs;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Idempotency;

/// <summary>
/// Every creating <c>POST</c> honours <c>Idempotency-Key</c>: a retry replays the first answer and creates nothing, the
/// key cannot be reused for another request, a duplicate sent at the same moment never creates twice, keys are each
/// caller's own, and a key is forgotten after 24 hours.
/// </summary>
public sealed class IdempotentCreatesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Rounds = 6;

    private static string NewKey() => Guid.NewGuid().ToString();

    private static async Task<(string Body, string? Location, string? ETag, string? Replayed)> AnswerAsync(HttpResponseMessage response) =>
        (await response.Content.ReadAsStringAsync(),
         response.Headers.Location?.ToString(),
         response.Headers.ETag?.ToString(),
         response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? string.Join(",", replayed) : null);

    [Theory]
    [MemberData(nameof(CreatingPost.All), MemberType = typeof(CreatingPost))]
    public async Task A_retry_with_the_same_key_replays_the_first_answer_and_creates_nothing(string operation)
    {
        var post = await CreatingPost.ArrangeAsync(api, operation);
        var key = NewKey();
        var before = await post.CountAsync();

        using var first = await post.SendAsync(key);
        await first.ShouldHaveAsync(post.Success);
        using var retry = await post.SendAsync(key);
        using var again = await post.SendAsync(key);

        var original = await AnswerAsync(first);
        original.Replayed.ShouldBeNull();
        foreach (var replay in new[] { retry, again })
        {
            replay.StatusCode.ShouldBe(post.Success);
            var replayed = await AnswerAsync(replay);
            replayed.Replayed.ShouldBe("true");
            replayed.Body.ShouldBe(original.Body);
            replayed.Location.ShouldBe(original.Location);
            replayed.ETag.ShouldBe(original.ETag);
            replay.Content.Headers.ContentType?.ToString().ShouldBe(first.Content.Headers.ContentType?.ToString());
        }

        if (post.Success == HttpStatusCode.Created)
        {
            original.Location.ShouldNotBeNull();
        }

        (await post.CountAsync()).ShouldBe(before + 1);
    }

    [Theory]
    [MemberData(nameof(CreatingPost.All), MemberType = typeof(CreatingPost))]
    public async Task The_same_key_with_another_request_is_refused_as_reused_and_changes_nothing(string operation)
    {
        var (post, key, answer, created) = await CreatedWithKeyAsync(operation);
        using var first = answer;

        using var other = await post.SendAsync(key, content: 1);

        await other.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        (await post.CountAsync()).ShouldBe(created);
        using var retry = await post.SendAsync(key, content: 0);
        (await AnswerAsync(retry)).ShouldBe((await AnswerAsync(first)) with { Replayed = "true" });

        using var withNewKey = await post.SendAsync(NewKey(), content: 1);
        await post.ShouldBeAnswerToANewRequestAsync(withNewKey);
    }

    [Theory]
    [MemberData(nameof(CreatingPost.All), MemberType = typeof(CreatingPost))]
    public async Task Two_callers_using_the_same_key_are_independent(string operation)
    {
        var post = await CreatingPost.ArrangeAsync(api, operation);
        var key = NewKey();
        var before = await post.CountAsync();

        using var mine = await post.SendAsync(key, content: 0, caller: 0);
        using var theirs = await post.SendAsync(key, content: 1, caller: 1);

        await mine.ShouldHaveAsync(post.Success);
        await theirs.ShouldHaveAsync(post.Success);
        (await AnswerAsync(theirs)).Replayed.ShouldBeNull();
        (await post.CountAsync()).ShouldBe(before + 2);

        // Each caller's key still answers that caller's own request.
        using var myRetry = await post.SendAsync(key, content: 0, caller: 0);
        (await AnswerAsync(myRetry)).Body.ShouldBe((await AnswerAsync(mine)).Body);
        using var theirRetry = await post.SendAsync(key, content: 1, caller: 1);
        (await AnswerAsync(theirRetry)).Body.ShouldBe((await AnswerAsync(theirs)).Body);
    }

    [Theory]
    [MemberData(nameof(CreatingPost.All), MemberType = typeof(CreatingPost))]
    public async Task Two_identical_requests_at_the_same_moment_create_once(string operation)
    {
        var post = await CreatingPost.ArrangeAsync(api, operation);
        for (var round = 0; round < Rounds; round++)
        {
            var key = NewKey();
            var content = 2 + round;
            var before = await post.CountAsync();

            var (a, b) = await Race.BothAsync(() => post.SendAsync(key, content, caller: content), () => post.SendAsync(key, content, caller: content));
            using var first = a;
            using var second = b;

            // One ran the operation; the other got its answer replayed, or was told that it is still in progress.
            var answers = new[] { first, second };
            answers.Count(r => r.StatusCode == post.Success).ShouldBeGreaterThanOrEqualTo(1, $"round {round}: {first.StatusCode}, {second.StatusCode}");
            var original = answers.Single(r => r.StatusCode == post.Success && !r.Headers.Contains("Idempotent-Replayed"));
            var duplicate = answers.Single(r => r != original);
            if (duplicate.StatusCode == HttpStatusCode.Conflict)
            {
                await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request-in-progress");
                duplicate.Headers.RetryAfter.ShouldNotBeNull();
            }
            else
            {
                (await AnswerAsync(duplicate)).ShouldBe((await AnswerAsync(original)) with { Replayed = "true" });
            }

            (await post.CountAsync()).ShouldBe(before + 1, $"round {round}");

            // Once the first has answered, the retry the client makes gets its answer.
            using var retry = await post.SendAsync(key, content, caller: content);
            (await AnswerAsync(retry)).ShouldBe((await AnswerAsync(original)) with { Replayed = "true" });
        }
    }

    [Theory]
    [MemberData(nameof(CreatingPost.All), MemberType = typeof(CreatingPost))]
    public async Task A_key_is_forgotten_after_24_hours_and_the_recurring_job_purges_it(string operation)
    {
        var (post, key, answer, created) = await CreatedWithKeyAsync(operation);
        using var first = answer;
        Task<long> KeysAsync() => api.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = @k", ("k", key));

        using (api.Clock.At(api.Clock.GetUtcNow().AddHours(23)))
        {
            (await PurgeAsync()).ShouldBe(0);
            (await KeysAsync()).ShouldBe(1);
            using var withinTheDay = await post.SendAsync(key, content: 1);
            await withinTheDay.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        }

        using (api.Clock.At(api.Clock.GetUtcNow().AddHours(24).AddSeconds(1)))
        {
            await PurgeAsync();
            (await KeysAsync()).ShouldBe(0);

            // A key is a new key once forgotten: another request with it runs.
            using var later = await post.SendAsync(key, content: 1);
            await post.ShouldBeAnswerToANewRequestAsync(later);
            (await post.CountAsync()).ShouldBe(post.OnePerCaller ? created : created + 1);
        }
    }

    [Fact]
    public async Task An_expired_key_not_yet_purged_is_a_new_key()
    {
        var post = await CreatingPost.ArrangeAsync(api, "CreateDelegation");
        var key = NewKey();
        using var first = await post.SendAsync(key, content: 0);
        await first.ShouldHaveAsync(post.Success);

        using var _ = api.Clock.At(api.Clock.GetUtcNow().AddHours(24).AddSeconds(1));
        using var later = await post.SendAsync(key, content: 1);

        await later.ShouldHaveAsync(post.Success);
        (await api.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = @k", ("k", key))).ShouldBe(1);
    }

    /// <summary>The operation set up, and its first request sent with a new key and answered with success.</summary>
    private async Task<(CreatingPost Post, string Key, HttpResponseMessage First, long Created)> CreatedWithKeyAsync(string operation)
    {
        var post = await CreatingPost.ArrangeAsync(api, operation);
        var key = NewKey();
        var first = await post.SendAsync(key, content: 0);
        await first.ShouldHaveAsync(post.Success);
        return (post, key, first, await post.CountAsync());
    }

    /// <summary>The recurring job's work, run by hand (the job server is off here; its schedule is tested with a real one).</summary>
    private async Task<int> PurgeAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PurgeExpiredIdempotencyKeys>().RunAsync(CancellationToken.None);
    }
}
