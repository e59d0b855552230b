using Registration.HttpBench;

namespace Registration.UnitTests.HttpBench;

/// <summary>
/// scripts/bench-http turns the statements the API issued for one request into a pgbench script that repeats them
/// transaction for transaction; these are its rules.
/// </summary>
public sealed class PgbenchScriptTests
{
    private static readonly Guid Event = Guid.Parse("01a20b43-ef7f-7d0e-93b5-d4c014c1c0b9");
    private static readonly Guid Delegation = Guid.Parse("01a20b43-fae7-7d07-87ad-7264b5e0aaf8");
    private static readonly Guid Note = Guid.Parse("01a20b47-efca-74de-b643-99452dcf1472");
    private static readonly Guid NewDelegate = Guid.Parse("01a20b4b-1a16-74a7-8c08-b7734cfa54cf");
    private static readonly Guid NewLine = Guid.Parse("01a20b4b-1a16-751e-983e-678fdc5544df");

    private static CapturedStatement Simple(string sql) => new(1, sql, [], null, 0.01);

    private static CapturedStatement Execute(string sql, params string?[] parameters) => new(1, sql, parameters, "<unnamed>", 0.1);

    private static CaptureContext Context(IEnumerable<string>? markers = null, Dictionary<string, PoolBinding>? pools = null) =>
        new(new HashSet<Guid> { Event, Delegation, Note }, [.. markers ?? []], pools ?? [], new Dictionary<string, int> { ["delegations"] = 192 });

    [Fact]
    public void Logged_parameters_are_read_with_their_quotes_commas_and_nulls()
    {
        CapturedStatement.ParseParameters("$1 = 'O''Brien, Anna', $2 = NULL, $3 = '2026-11-24 02:03:20+00'")
            .ShouldBe(["O'Brien, Anna", null, "2026-11-24 02:03:20+00"]);
    }

    [Fact]
    public void Literals_escape_quotes_backslashes_and_the_colons_pgbench_would_take_for_variables()
    {
        PgbenchScript.Literal(@"it's 02:03 \x").ShouldBe(@"E'it''s 02\x3a03 \\x'");
    }

    [Fact]
    public void A_registration_repeats_with_fresh_ids_unique_names_and_its_target_from_the_pool()
    {
        var statements = new[]
        {
            Simple("DISCARD ALL"),
            Simple("BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED"),
            Execute("SELECT 1 FROM delegations WHERE id = $1 FOR NO KEY UPDATE", Delegation.ToString()),
            Execute("INSERT INTO delegates (id, delegation_id, email, event_id)\nVALUES ($1, $2, $3, $4)\nRETURNING xmin;",
                NewDelegate.ToString(), Delegation.ToString(), "zqabcx@registrations.example.org", Event.ToString()),
            Execute("INSERT INTO delegate_history (id, delegate_id, sequence)\nVALUES ($1, $2, $3);", NewLine.ToString(), NewDelegate.ToString(), "1"),
            Execute("INSERT INTO note_verbale_matches (delegate_id, note_verbale_id)\nVALUES ($1, $2);", NewDelegate.ToString(), Note.ToString()),
            Simple("COMMIT"),
        };

        var result = PgbenchScript.Write("register", statements, Context(["zqabcx"], new() { [Delegation.ToString()] = new PoolBinding("delegations", "id") }));

        var lines = result.Script.Split('\n');
        result.Mode.ShouldBe("extended", "a pool reset (DISCARD ALL) drops what pgbench -M prepared keeps");
        result.RoundTrips.ShouldBe(3, "reset, BEGIN and the lock go together; the three inserts are one batch; COMMIT");
        lines.ShouldContain(@"\set i_delegations random(0, 191)");
        result.Script.ShouldContain("WHERE id = (SELECT id FROM bench_pool WHERE name = 'delegations' AND i = :i_delegations) FOR NO KEY UPDATE");
        result.Script.ShouldContain("((:n)::text || E'@registrations.example.org')", Case.Sensitive, "the address is unique per transaction");
        result.Script.ShouldContain($"E'{Event}'", Case.Sensitive, "ids the database held stay as they were");
        result.Script.ShouldContain($"E'{Note}'");
        result.Script.ShouldNotContain(NewDelegate.ToString(), Case.Insensitive, "ids the request created are made anew");
        var newDelegate = "substr(md5((:n)::text || '.1'), 1, 20))::uuid";
        result.Script.Split(newDelegate).Length.ShouldBe(4, "the new delegate's id is the same fresh id in its row, its history line and its match");
        result.Script.ShouldContain("substr(md5((:n)::text || '.2'), 1, 20))::uuid", Case.Sensitive, "the history line has an id of its own");
        result.Script.ShouldContain(@"\startpipeline" + "\nDISCARD ALL;\nBEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;\nSELECT 1 FROM delegations");
        result.Notes.ShouldBe(["unique-text", "fresh-ids", "pool:delegations"], ignoreOrder: true);
    }

    [Fact]
    public void A_change_recorded_with_the_write_is_json_built_around_its_fresh_ids()
    {
        var change = Guid.Parse("01a20b4b-1a16-7600-8000-000000000009");
        var payload = $$"""{"id":"{{NewDelegate}}","eventId":"{{Event}}","meetings":["EMIC"]}""";
        var statements = new[]
        {
            Execute("INSERT INTO delegates (id, event_id, meetings)\nVALUES ($1, $2, $3);", NewDelegate.ToString(), Event.ToString(), $"{{{NewLine}}}"),
            Execute("INSERT INTO outbox (id, event_id, payload)\nVALUES ($1, $2, $3);", change.ToString(), Event.ToString(), payload),
        };

        var script = PgbenchScript.Write("register", statements, Context()).Script;

        script.ShouldContain(@"(E'{""id""\x3a""' || (lpad(", Case.Sensitive, "the payload's own id is the new delegate's, made anew");
        script.ShouldContain(@"[""EMIC""]}')::json);", Case.Sensitive, "the payload is JSON built as text, cast back, and no array");
        script.ShouldContain("E'}')::uuid[]", Case.Sensitive, "an array literal of ids is still cast to an array");
    }

    [Fact]
    public void A_first_page_keeps_its_nil_keyset_and_is_explained_as_it_stands()
    {
        var statements = new[]
        {
            Execute("SELECT d.id FROM delegates AS d\nWHERE d.event_id = $1 AND d.id > $2\nORDER BY d.event_id, d.id\nLIMIT $3;", Event.ToString(), Guid.Empty.ToString(), "51"),
        };

        var result = PgbenchScript.Write("list", statements, Context());

        result.Script.ShouldContain("d.id > E'00000000-0000-0000-0000-000000000000'", Case.Sensitive, "the nil UUID means from the start, not an id the request created");
        result.Notes.ShouldNotContain("fresh-ids");
        result.Explain.ShouldStartWith("EXPLAIN (ANALYZE, BUFFERS) SELECT d.id FROM delegates");
    }

    [Fact]
    public void An_approval_compares_the_row_with_itself_and_numbers_its_audit_line_from_the_counter()
    {
        var delegateId = Guid.Parse("01a20b4a-0000-7000-8000-000000000001");
        var statements = new[]
        {
            Execute("INSERT INTO delegate_history (id, action, delegate_id, sequence)\nVALUES ($1, $2, $3, $4);", NewLine.ToString(), "Approved", delegateId.ToString(), "3"),
            Execute("UPDATE delegates SET history_length = $1, status = $2\nWHERE id = $3 AND xmin = $4\nRETURNING xmin;", "3", "Approved", delegateId.ToString(), "81234"),
            Simple("COMMIT"),
        };
        var context = new CaptureContext(new HashSet<Guid> { delegateId }, [], new Dictionary<string, PoolBinding>(), new Dictionary<string, int>());

        var result = PgbenchScript.Write("approve", statements, context);

        result.Script.ShouldContain("WHERE id = E'01a20b4a-0000-7000-8000-000000000001' AND xmin = xmin", Case.Sensitive, "whatever the row's version now");
        result.Script.ShouldContain("SET history_length = history_length + 1, status = E'Approved'");
        result.Script.ShouldContain("(SELECT history_length FROM delegates WHERE id = E'01a20b4a-0000-7000-8000-000000000001') + 1)",
            Case.Sensitive, "the line written before the counter moves takes the next number");
        result.Script.ShouldNotContain("81234");
        result.RoundTrips.ShouldBe(2);
    }

    [Fact]
    public void A_line_written_after_the_counter_moved_takes_the_number_the_counter_now_holds()
    {
        var delegateId = Guid.Parse("01a20b4a-0000-7000-8000-000000000001");
        var statements = new[]
        {
            Execute("UPDATE delegates SET history_length = $1 WHERE id = $2 AND xmin = $3;", "3", delegateId.ToString(), "5"),
            Execute("INSERT INTO delegate_history (id, delegate_id, sequence) VALUES ($1, $2, $3);", NewLine.ToString(), delegateId.ToString(), "3"),
        };
        var context = new CaptureContext(new HashSet<Guid> { delegateId }, [], new Dictionary<string, PoolBinding>(), new Dictionary<string, int>());

        PgbenchScript.Write("edit", statements, context).Script
            .ShouldContain("((SELECT history_length FROM delegates WHERE id = E'01a20b4a-0000-7000-8000-000000000001') - 0)");
    }

    [Fact]
    public void Statements_the_API_prepared_run_prepared_and_a_reset_of_several_commands_goes_with_the_next_statement()
    {
        var reset = Simple("CLOSE ALL;UNLISTEN *;SELECT pg_advisory_unlock_all();DISCARD SEQUENCES;DISCARD TEMP");
        var statements = reset.Commands().Concat([
            new CapturedStatement(1, "SELECT 1 FROM events WHERE id = $1", [Event.ToString()], "_auto0", 0.1),
            new CapturedStatement(1, "SELECT d.id FROM delegates AS d WHERE d.event_id = $1", [Event.ToString()], "_auto1", 0.1),
        ]).ToList();

        var result = PgbenchScript.Write("list", statements, Context());

        statements.Count.ShouldBe(7);
        result.Mode.ShouldBe("prepared");
        result.RoundTrips.ShouldBe(2);
        result.Script.ShouldContain(@"\startpipeline" + "\nCLOSE ALL;\nUNLISTEN *;\nSELECT pg_advisory_unlock_all();\nDISCARD SEQUENCES;\nDISCARD TEMP;\nSELECT 1 FROM events");
        result.Explain.ShouldContain($"EXPLAIN (ANALYZE, BUFFERS) SELECT d.id FROM delegates AS d WHERE d.event_id = E'{Event}';");
    }
}
