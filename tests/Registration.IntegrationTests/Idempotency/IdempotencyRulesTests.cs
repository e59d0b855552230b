using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Idempotency;

/// <summary>
/// How keys are read, which answers are kept, that a success is stored in the transaction of its change, and what a
/// duplicate meets while the first request is still being processed — or after it died.
/// </summary>
public sealed class IdempotencyRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record Delegation(Guid EventId, Guid Id)
    {
        public string Delegates => $"/api/v1/events/{EventId}/delegations/{Id}/delegates";
    }

    private async Task<Delegation> DelegationAsync()
    {
        var eventId = await api.EventAsync();
        return new Delegation(eventId, await api.DelegationAsync(eventId, "AUT"));
    }

    private Task<HttpResponseMessage> RegisterAsync(Delegation delegation, JsonObject body, params string[] keys)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, delegation.Delegates)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        foreach (var key in keys)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return api.Client().AsDelegation("AUT").Http.SendAsync(request);
    }

    private Task<long> DelegatesAsync(Delegation delegation) =>
        api.ScalarAsync<long>("SELECT count(*) FROM delegates WHERE delegation_id = @d", ("d", delegation.Id));

    private Task<long> KeysAsync() => api.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys");

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    public static TheoryData<string, string> BadKeys => new()
    {
        { "too long", new string('k', 256) },
        { "not ASCII", "clé-1" },
        { "a control character", "key\u0001one" },
        { "a broken quoted string", "\"ab\"c\"" },
        { "an empty quoted string", "\"\"" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_key_that_is_not_1_to_255_printable_ASCII_characters_is_refused_and_nothing_runs(string what, string key)
    {
        var delegation = await DelegationAsync();
        var keys = await KeysAsync();

        using var response = await RegisterAsync(delegation, Arrange.Delegate("Anna", "Berger"), key);

        var problem = await response.ShouldBeValidationProblemAsync("idempotency-key");
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace(what);
        (await DelegatesAsync(delegation)).ShouldBe(0);
        (await KeysAsync()).ShouldBe(keys);
    }

    [Fact]
    public async Task Two_keys_on_one_request_are_refused()
    {
        var delegation = await DelegationAsync();

        using var response = await RegisterAsync(delegation, Arrange.Delegate("Anna", "Berger"), "first", "second");

        await response.ShouldBeValidationProblemAsync("idempotency-key");
        (await DelegatesAsync(delegation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_key_of_255_characters_and_a_quoted_structured_field_string_are_the_same_key_as_their_value()
    {
        var delegation = await DelegationAsync();
        var body = Arrange.Delegate("Anna", "Berger");
        var key = new string('k', 250) + " \"\\~!";

        using var bare = await RegisterAsync(delegation, body, key);
        using var quoted = await RegisterAsync(delegation, body, "\"" + key.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"");

        await bare.ShouldHaveAsync(HttpStatusCode.Created);
        await quoted.ShouldHaveAsync(HttpStatusCode.Created);
        Replayed(quoted).ShouldBeTrue();
        (await DelegatesAsync(delegation)).ShouldBe(1);
    }

    [Fact]
    public async Task A_refusal_by_a_rule_is_kept_and_replayed_even_once_the_rule_would_no_longer_refuse()
    {
        var delegation = await DelegationAsync();
        var key = Guid.NewGuid().ToString();
        var taken = await api.DelegateAsync(delegation.EventId, delegation.Id, Arrange.Delegate("Ben", "Huber", "shared@example.gv.at"));
        var body = Arrange.Delegate("Anna", "Berger", "shared@example.gv.at");

        using var refused = await RegisterAsync(delegation, body, key);
        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken");
        using var withdrawn = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{delegation.EventId}/delegates/{taken.GetProperty("id").GetGuid()}/withdraw", new { });
        await withdrawn.ShouldHaveAsync(HttpStatusCode.OK);

        using var retried = await RegisterAsync(delegation, body, key);
        (await retried.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken")).ToString()
            .ShouldBe((await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "email-taken")).ToString());
        Replayed(retried).ShouldBeTrue();

        using var anew = await RegisterAsync(delegation, body, Guid.NewGuid().ToString());
        await anew.ShouldHaveAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_request_refused_as_invalid_is_not_kept_so_the_corrected_request_may_use_the_key()
    {
        var delegation = await DelegationAsync();
        var key = Guid.NewGuid().ToString();
        var keys = await KeysAsync();

        using var invalid = await RegisterAsync(delegation, Arrange.Delegate("Anna", "Berger").With("participationMode", "hybrid"), key);
        await invalid.ShouldBeValidationProblemAsync("participationMode");
        (await KeysAsync()).ShouldBe(keys);

        using var corrected = await RegisterAsync(delegation, Arrange.Delegate("Anna", "Berger"), key);
        await corrected.ShouldHaveAsync(HttpStatusCode.Created);
        Replayed(corrected).ShouldBeFalse();
    }

    [Fact]
    public async Task A_failure_is_not_kept_so_a_retry_runs_again_and_creates_once()
    {
        var delegation = await DelegationAsync();
        var key = Guid.NewGuid().ToString();
        var body = Arrange.Delegate("Anna", "Berger");
        var keys = await KeysAsync();

        await using (await FailingAsync("delegates", "INSERT"))
        {
            using var failed = await RegisterAsync(delegation, body, key);
            await failed.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        }

        (await KeysAsync()).ShouldBe(keys);
        using var retried = await RegisterAsync(delegation, body, key);
        await retried.ShouldHaveAsync(HttpStatusCode.Created);
        Replayed(retried).ShouldBeFalse();
        (await DelegatesAsync(delegation)).ShouldBe(1);
    }

    [Fact]
    public async Task A_change_is_stored_in_one_transaction_with_its_answer_so_an_answer_that_cannot_be_stored_takes_the_change_back()
    {
        var delegation = await DelegationAsync();
        var key = Guid.NewGuid().ToString();
        var body = Arrange.Delegate("Anna", "Berger");

        // PostgreSQL refuses to store the answer: the delegate inserted in the same transaction must not remain.
        await using (await FailingAsync("idempotency_keys", "UPDATE", "NEW.response_status IS NOT NULL"))
        {
            using var failed = await RegisterAsync(delegation, body, key);
            await failed.ShouldBeProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
            (await DelegatesAsync(delegation)).ShouldBe(0);
            (await api.ScalarAsync<long>("SELECT count(*) FROM delegate_history h JOIN delegates d ON d.id = h.delegate_id WHERE d.delegation_id = @d", ("d", delegation.Id)))
                .ShouldBe(0);
        }

        using var retried = await RegisterAsync(delegation, body, key);
        await retried.ShouldHaveAsync(HttpStatusCode.Created);
        (await DelegatesAsync(delegation)).ShouldBe(1);
        (await api.ScalarAsync<int>("SELECT response_status FROM idempotency_keys WHERE key = @k", ("k", key))).ShouldBe(201);
    }

    [Fact]
    public async Task A_duplicate_while_the_first_is_in_progress_is_told_to_retry_then_gets_the_first_answer()
    {
        var delegation = await DelegationAsync();
        var key = Guid.NewGuid().ToString();
        var body = Arrange.Delegate("Anna", "Berger");

        Task<HttpResponseMessage> first;
        await using (await DelegationLockedAsync(delegation))
        {
            first = RegisterAsync(delegation, body, key);
            await WaitersAsync(1);

            using var duplicate = await RegisterAsync(delegation, body, key);
            await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request-in-progress");
            duplicate.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
            using var other = await RegisterAsync(delegation, Arrange.Delegate("Ben", "Huber"), key);
            await other.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        }

        using var answered = await first;
        var created = await answered.ShouldHaveAsync(HttpStatusCode.Created);
        using var retried = await RegisterAsync(delegation, body, key);
        (await retried.ShouldHaveAsync(HttpStatusCode.Created)).ToString().ShouldBe(created.ToString());
        Replayed(retried).ShouldBeTrue();
        (await DelegatesAsync(delegation)).ShouldBe(1);
    }

    [Fact]
    public async Task A_claim_whose_request_outlives_its_lease_is_taken_over_by_the_retry_and_only_the_retry_creates()
    {
        var delegation = await DelegationAsync();
        var key = Guid.NewGuid().ToString();
        var body = Arrange.Delegate("Anna", "Berger");

        Task<HttpResponseMessage> stale, retry;
        await using (await DelegationLockedAsync(delegation))
        {
            stale = RegisterAsync(delegation, body, key);
            await WaitersAsync(1);

            // A minute later the first request is taken for dead (its instance crashed, say): the retry takes the key over.
            using var _ = api.Clock.At(api.Clock.GetUtcNow().AddMinutes(2));
            retry = RegisterAsync(delegation, body, key);
            await WaitersAsync(2);
        }

        using var staleAnswer = await stale;
        using var retryAnswer = await retry;
        await staleAnswer.ShouldBeProblemAsync(HttpStatusCode.Conflict, "request-in-progress");
        var created = await retryAnswer.ShouldHaveAsync(HttpStatusCode.Created);
        (await DelegatesAsync(delegation)).ShouldBe(1);
        using var again = await RegisterAsync(delegation, body, key);
        (await again.ShouldHaveAsync(HttpStatusCode.Created)).ToString().ShouldBe(created.ToString());
    }

    /// <summary>Holds the delegation's row lock in a transaction of the test's own, so that writes to it wait (in progress) until disposed.</summary>
    private async Task<IAsyncDisposable> DelegationLockedAsync(Delegation delegation)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("SELECT 1 FROM delegations WHERE id = @d FOR UPDATE", connection, transaction))
        {
            command.Parameters.AddWithValue("d", delegation.Id);
            await command.ExecuteScalarAsync();
        }

        return new Release(async () =>
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        });
    }

    /// <summary>Waits until <paramref name="count"/> sessions of the API wait for a lock.</summary>
    private async Task WaitersAsync(int count) =>
        await Eventually.Async(
            () => api.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"),
            waiting => waiting == count,
            $"{count} request(s) waiting for the delegation's lock",
            TimeSpan.FromSeconds(30));

    /// <summary>A trigger that makes PostgreSQL refuse the statement (a failure the API did not foresee: a 500), until disposed.</summary>
    private async Task<IAsyncDisposable> FailingAsync(string table, string statement, string when = "true")
    {
        await Sql($"""
            CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER test_refuse BEFORE {statement} ON {table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION test_refuse();
            """);
        return new Release(() => Sql($"DROP TRIGGER test_refuse ON {table}; DROP FUNCTION test_refuse();"));
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Release(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
