using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Delegates;

/// <summary>
/// The secretariat's list page must not change plan when the statistics are stale, as they are right after a
/// registration rush: the statement the API runs for a page of one status is explained against a table whose
/// statistics say the opposite of what it holds.
/// </summary>
public sealed class ListPlanTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_page_of_a_rare_status_reads_its_own_index_even_when_the_statistics_say_every_row_has_it()
    {
        // The statistics say "pending" is everywhere, the table that it is rare: walking the primary key and filtering
        // would read 20,000 rows.
        var (eventId, connection) = await StaleStatisticsAsync("status = 'Approved'");
        await using var _ = connection;

        var (page, sql, parameters) = await PageAsync(eventId, "status=pending");
        var plan = await ExplainAsync(connection, sql, parameters);

        page.GetProperty("items").GetArrayLength().ShouldBe(10);
        plan.ShouldContain("ix_delegates_event_id_status_id", customMessage: plan);
        plan.ShouldNotContain("pk_delegates", customMessage: plan);
        plan.ShouldNotContain("\"Sort\"", customMessage: plan);
    }

    [Fact]
    public async Task A_page_of_one_country_reads_the_countrys_index_even_when_the_statistics_say_every_row_is_of_it()
    {
        // The statistics say every delegate is Austrian, the table that Austrians are rare.
        var (eventId, connection) = await StaleStatisticsAsync("country = 'DEU'");
        await using var _ = connection;

        var (page, sql, parameters) = await PageAsync(eventId, "country=AUT&status=pending");
        var plan = await ExplainAsync(connection, sql, parameters);

        page.GetProperty("items").GetArrayLength().ShouldBe(10);
        plan.ShouldContain("ix_delegates_event_id_country_id", customMessage: plan);
        plan.ShouldNotContain("pk_delegates", customMessage: plan);
        plan.ShouldNotContain("\"Sort\"", customMessage: plan);
    }

    /// <summary>
    /// A new event with 20,000 pending Austrian delegates, analysed; then <paramref name="change"/> applied to all but
    /// the newest ten, and nothing analysed since (autovacuum off for this database's table, so that nothing catches up
    /// while the test runs): the statistics describe the table as it was, as they do right after a registration rush.
    /// </summary>
    private async Task<(Guid EventId, NpgsqlConnection Connection)> StaleStatisticsAsync(string change)
    {
        var eventId = await api.EventAsync();
        var austria = await api.DelegationAsync(eventId, "AUT");
        var template = (await api.DelegateAsync(eventId, austria, Arrange.Delegate("Anna", "Berger", "anna.berger@bmeia.gv.at"))).GetProperty("id").GetGuid();
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "ALTER TABLE delegates SET (autovacuum_enabled = false)");
        await ExecuteAsync(connection, $"""
            INSERT INTO delegates
            SELECT (jsonb_populate_record(d, jsonb_build_object(
                'id', (lpad(to_hex(i), 12, '0') || substr(md5('{eventId}' || i), 1, 20))::uuid, 'email', 'person' || i || '@bmeia.gv.at',
                'normalized_email', 'person' || i || '@bmeia.gv.at', 'search_text', 'person ' || i, 'participant_subject', NULL))).*
            FROM delegates AS d, generate_series(1, 20000) AS i
            WHERE d.id = '{template}'
            """);
        await ExecuteAsync(connection, "ANALYZE delegates");
        await ExecuteAsync(connection, $"""
            UPDATE delegates SET {change}
            WHERE event_id = '{eventId}' AND id NOT IN (SELECT id FROM delegates WHERE event_id = '{eventId}' ORDER BY id DESC LIMIT 10)
            """);
        return (eventId, connection);
    }

    [Fact]
    public async Task A_page_of_every_status_reads_the_events_index()
    {
        var eventId = await api.EventAsync();
        await api.DelegateAsync(eventId, await api.DelegationAsync(eventId, "AUT"), Arrange.Delegate("Anna", "Berger", "anna.berger@bmeia.gv.at"));

        var (_, sql, parameters) = await PageAsync(eventId, "limit=50");
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var plan = await ExplainAsync(connection, sql, parameters);

        sql.ShouldContain("ORDER BY d.event_id, d.id", customMessage: sql);
        plan.ShouldNotContain("\"Sort\"", customMessage: plan);
    }

    /// <summary>
    /// Asks the API for a page as the secretariat does and keeps the statement the endpoint sent for it, as EF Core
    /// reports it to diagnostic listeners (whatever the log levels say).
    /// </summary>
    private async Task<(JsonElement Page, string Sql, NpgsqlParameter[] Parameters)> PageAsync(Guid eventId, string query)
    {
        using var recorder = new StatementRecorder(eventId);
        var page = await api.Client().AsSecretariat().GetJsonAsync($"/api/v1/events/{eventId}/delegates?{query}");
        return (page, recorder.Sql.ShouldNotBeNull("the page sent no statement about this event"), recorder.Parameters);
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
        command.Parameters.AddRange(parameters);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The statements EF Core sends in this process with the event's id among their parameters.</summary>
    private sealed class StatementRecorder : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly Guid eventId;
        private readonly List<IDisposable> subscriptions = [];

        public StatementRecorder(Guid eventId)
        {
            this.eventId = eventId;
            subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public string? Sql { get; private set; }

        public NpgsqlParameter[] Parameters { get; private set; } = [];

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (subscriptions)
                {
                    subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is CommandEventData { Command: var command }
                && command.Parameters.Cast<NpgsqlParameter>().Any(p => p.Value is Guid id && id == eventId))
            {
                Sql = command.CommandText;
                Parameters = [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())];
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(subscription => subscription.Dispose());
            }
        }
    }
}
