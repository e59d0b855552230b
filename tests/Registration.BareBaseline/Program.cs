using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

// The bare baseline of scripts/bench-http: the API's reads that the benchmark measures (one event, one delegate, the
// secretariat's list filtered by status, any page of it), served by a minimal API on raw Npgsql — what a hand-written
// endpoint costs on this machine. Each answer is the API's (the same JSON members, order and formats, the same ETag and
// cursors), the caller's token is validated as the API validates it (signature, issuer, audience, lifetime, role), and
// each request runs one prepared statement that reads the same rows through the same indexes as the API's query, with
// no pool reset between requests. Configuration: ConnectionStrings__Registration, Auth__SigningKey, Auth__Issuer,
// Auth__Audience, ASPNETCORE_URLS.
var builder = WebApplication.CreateSlimBuilder(args);
var connection = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Registration")
    ?? throw new InvalidOperationException("ConnectionStrings__Registration is required"))
{
    MaxAutoPrepare = 20,
    AutoPrepareMinUsages = 2,
    NoResetOnClose = true,
};
var database = NpgsqlDataSource.Create(connection.ConnectionString);
var auth = builder.Configuration.GetSection("Auth");
var validation = new TokenValidationParameters
{
    ValidIssuer = auth["Issuer"],
    ValidAudience = auth["Audience"],
    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(auth["SigningKey"] ?? throw new InvalidOperationException("Auth__SigningKey is required"))),
    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
    ClockSkew = TimeSpan.FromSeconds(30),
};
var tokens = new JsonWebTokenHandler { MapInboundClaims = false };
var app = builder.Build();

app.MapGet("/api/v1/events/{eventId:guid}", (HttpContext context, Guid eventId) =>
{
    var command = database.CreateCommand(Sql.Event);
    command.Parameters.AddWithValue(eventId);
    return AnswerAsync(context, command, (reader, json) => Json.EventAsync(json, reader, context.RequestAborted));
});

app.MapGet("/api/v1/events/{eventId:guid}/delegates/{delegateId:guid}", async (HttpContext context, Guid eventId, Guid delegateId) =>
{
    if (!await Secretariat(context))
    {
        return;
    }

    var command = database.CreateCommand(Sql.Delegate);
    command.Parameters.AddWithValue(delegateId);
    command.Parameters.AddWithValue(eventId);
    await AnswerAsync(context, command, (reader, json) =>
    {
        context.Response.Headers.ETag = $"\"{reader.GetFieldValue<uint>(Sql.DelegateColumns)}\"";
        Json.Delegate(json, reader, 0);
        return Task.CompletedTask;
    });
});

app.MapGet("/api/v1/events/{eventId:guid}/delegates", async (HttpContext context, Guid eventId, string? status, int? limit, string? cursor) =>
{
    if (!await Secretariat(context))
    {
        return;
    }

    var take = limit ?? 50;
    var after = Guid.Empty;
    if (take is < 1 or > 200 || (cursor is not null && !Cursor.TryDecode(cursor, out after)))
    {
        context.Response.StatusCode = 400;
        return;
    }

    // The event's existence and the page in one statement: the event's row, joined to the page (none when empty).
    var command = database.CreateCommand(status is null ? Sql.Page : Sql.PageWithStatus);
    command.Parameters.AddWithValue(eventId);
    command.Parameters.AddWithValue(after);
    command.Parameters.AddWithValue(take + 1);
    if (status is not null)
    {
        command.Parameters.AddWithValue(Wire.ToDatabase(status));
    }

    await AnswerAsync(context, command, async (reader, json) =>
    {
        json.WriteStartObject();
        json.WriteStartArray("items");
        var count = 0;
        var last = Guid.Empty;
        var more = false;
        if (!reader.IsDBNull(1))
        {
            do
            {
                if (count == take)
                {
                    more = true;
                    break;
                }

                Json.Delegate(json, reader, 1);
                last = reader.GetGuid(1);
                count++;
            }
            while (await reader.ReadAsync(context.RequestAborted));
        }

        json.WriteEndArray();
        if (more)
        {
            json.WriteString("nextCursor", Cursor.Encode(last));
        }
        else
        {
            json.WriteNull("nextCursor");
        }

        json.WriteEndObject();
    });
});

app.Run();

// Runs the request's one statement: 404 when it finds no row, otherwise 200 with the JSON that write makes of the rows.
static async Task AnswerAsync(HttpContext context, NpgsqlCommand command, Func<NpgsqlDataReader, Utf8JsonWriter, Task> write)
{
    await using (command)
    {
        await using var reader = await command.ExecuteReaderAsync(context.RequestAborted);
        if (!await reader.ReadAsync(context.RequestAborted))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter);
        await write(reader, json);
    }
}

// A secretariat's token, validated as the API validates tokens; 401 or 403 otherwise.
async Task<bool> Secretariat(HttpContext context)
{
    var header = context.Request.Headers.Authorization.ToString();
    if (!header.StartsWith("Bearer ", StringComparison.Ordinal)
        || await tokens.ValidateTokenAsync(header[7..], validation) is not { IsValid: true } result)
    {
        context.Response.StatusCode = 401;
        return false;
    }

    if (!result.Claims.TryGetValue("sub", out _) || !result.Claims.TryGetValue("role", out var role) || role as string != "secretariat")
    {
        context.Response.StatusCode = 403;
        return false;
    }

    return true;
}

/// <summary>The statements: the same rows, columns and indexes as the API's queries, one round trip each.</summary>
internal static class Sql
{
    public const string DelegateSelect =
        "d.id, d.event_id, d.delegation_id, d.country, d.title, d.given_name, d.family_name, d.job_title, d.email, d.participation_mode, d.meetings, "
        + "d.role, d.status, d.note_verbale_status, d.note_verbale_id, d.note_verbale_page, d.confirmed_by, d.confirmed_at, d.confirmation_comment, "
        + "d.decided_by, d.decided_at, d.decision_reason, d.decision_note_verbale_id, d.decision_note_verbale_sha256, d.created_at, d.updated_at";

    public const int DelegateColumns = 26;

    public const string Delegate = $"SELECT {DelegateSelect}, d.xmin FROM delegates AS d WHERE d.id = $1 AND d.event_id = $2";

    // The page as the API reads it: a range of the index (event_id, id) or (event_id, status, id), as row comparisons,
    // ordered by the index's columns, so both read the same index the same way.
    private const string PageOf =
        $"SELECT e.id, d.* FROM events AS e LEFT JOIN LATERAL (SELECT {DelegateSelect} FROM delegates AS d WHERE ";

    private const string LastId = "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid";

    public const string Page = PageOf
        + $"(d.event_id, d.id) > (e.id, $2) AND (d.event_id, d.id) <= (e.id, {LastId}) ORDER BY d.event_id, d.id LIMIT $3) AS d ON true WHERE e.id = $1";

    public const string PageWithStatus = PageOf
        + $"(d.event_id, d.status, d.id) > (e.id, $4, $2) AND (d.event_id, d.status, d.id) <= (e.id, $4, {LastId}) "
        + "ORDER BY d.event_id, d.status, d.id LIMIT $3) AS d ON true WHERE e.id = $1";

    public const string Event =
        "SELECT e.id, e.code, e.title, e.venue, e.time_zone, e.start_date, e.end_date, e.registration_deadline, e.statement_deadline, "
        + "e.participation_modes, e.eligible_countries, e.closed_at, e.created_at, e.updated_at, m.code, m.title, m.reference "
        + "FROM events AS e LEFT JOIN meetings AS m ON m.event_id = e.id WHERE e.id = $1 ORDER BY m.code";
}

/// <summary>Enum values: PascalCase in the database, kebab-case on the wire.</summary>
internal static class Wire
{
    public static string FromDatabase(string value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value);

    public static string ToDatabase(string wire) =>
        string.Concat(wire.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}

/// <summary>The API's keyset cursor: base64url of <c>{"Key":"","Id":"…"}</c>.</summary>
internal static class Cursor
{
    private sealed record Position(string Key, Guid Id);

    public static string Encode(Guid id) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Position("", id)));

    public static bool TryDecode(string cursor, out Guid id)
    {
        id = Guid.Empty;
        try
        {
            var position = JsonSerializer.Deserialize<Position>(Base64Url.DecodeFromChars(cursor));
            id = position?.Id ?? Guid.Empty;
            return id != Guid.Empty;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>The API's JSON, written member by member.</summary>
internal static class Json
{
    public static void Delegate(Utf8JsonWriter json, NpgsqlDataReader r, int o)
    {
        json.WriteStartObject();
        json.WriteString("id", r.GetGuid(o));
        json.WriteString("eventId", r.GetGuid(o + 1));
        json.WriteString("delegationId", r.GetGuid(o + 2));
        json.WriteString("country", r.GetString(o + 3));
        json.WriteString("title", r.GetString(o + 4));
        json.WriteString("givenName", r.GetString(o + 5));
        json.WriteString("familyName", r.GetString(o + 6));
        StringOrNull(json, "jobTitle", r, o + 7);
        json.WriteString("email", r.GetString(o + 8));
        json.WriteString("participationMode", Wire.FromDatabase(r.GetString(o + 9)));
        json.WriteStartArray("meetings");
        foreach (var meeting in r.GetFieldValue<string[]>(o + 10))
        {
            json.WriteStringValue(meeting);
        }

        json.WriteEndArray();
        if (r.IsDBNull(o + 11))
        {
            json.WriteNull("role");
        }
        else
        {
            json.WriteString("role", Wire.FromDatabase(r.GetString(o + 11)));
        }

        json.WriteString("status", Wire.FromDatabase(r.GetString(o + 12)));
        var noteStatus = r.GetString(o + 13);
        json.WriteStartObject("noteVerbale");
        json.WriteString("status", Wire.FromDatabase(noteStatus));
        GuidOrNull(json, "noteVerbaleId", r, o + 14);
        if (r.IsDBNull(o + 15))
        {
            json.WriteNull("page");
        }
        else
        {
            json.WriteNumber("page", r.GetInt32(o + 15));
        }

        if (noteStatus == "Confirmed" && !r.IsDBNull(o + 16) && !r.IsDBNull(o + 17))
        {
            json.WriteStartObject("confirmation");
            json.WriteString("by", r.GetString(o + 16));
            json.WriteString("at", r.GetFieldValue<DateTimeOffset>(o + 17));
            json.WriteString("comment", r.IsDBNull(o + 18) ? "" : r.GetString(o + 18));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("confirmation");
        }

        json.WriteEndObject();
        if (!r.IsDBNull(o + 19) && !r.IsDBNull(o + 20))
        {
            json.WriteStartObject("decision");
            json.WriteString("by", r.GetString(o + 19));
            json.WriteString("at", r.GetFieldValue<DateTimeOffset>(o + 20));
            StringOrNull(json, "reason", r, o + 21);
            GuidOrNull(json, "noteVerbaleId", r, o + 22);
            if (r.IsDBNull(o + 23))
            {
                json.WriteNull("noteVerbaleSha256");
            }
            else
            {
                json.WriteString("noteVerbaleSha256", r.GetString(o + 23).Trim());
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("decision");
        }

        json.WriteString("createdAt", r.GetFieldValue<DateTimeOffset>(o + 24));
        json.WriteString("updatedAt", r.GetFieldValue<DateTimeOffset>(o + 25));
        json.WriteEndObject();
    }

    public static async Task EventAsync(Utf8JsonWriter json, NpgsqlDataReader r, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(r.GetString(4));
        json.WriteStartObject();
        json.WriteString("id", r.GetGuid(0));
        json.WriteString("code", r.GetString(1));
        json.WriteString("title", r.GetString(2));
        json.WriteString("venue", r.GetString(3));
        json.WriteString("timeZone", r.GetString(4));
        json.WriteString("startDate", r.GetFieldValue<DateOnly>(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("endDate", r.GetFieldValue<DateOnly>(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var deadline = r.GetFieldValue<DateTimeOffset>(7);
        json.WriteString("registrationDeadline", TimeZoneInfo.ConvertTime(deadline, zone));
        if (r.IsDBNull(8))
        {
            json.WriteNull("statementDeadline");
        }
        else
        {
            json.WriteString("statementDeadline", TimeZoneInfo.ConvertTime(r.GetFieldValue<DateTimeOffset>(8), zone));
        }

        json.WriteStartArray("participationModes");
        foreach (var mode in r.GetFieldValue<string[]>(9))
        {
            json.WriteStringValue(Wire.FromDatabase(mode));
        }

        json.WriteEndArray();
        if (r.IsDBNull(10))
        {
            json.WriteNull("eligibleCountries");
        }
        else
        {
            json.WriteStartArray("eligibleCountries");
            foreach (var country in r.GetFieldValue<string[]>(10))
            {
                json.WriteStringValue(country);
            }

            json.WriteEndArray();
        }

        var closedAt = r.IsDBNull(11) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(11);
        var createdAt = r.GetFieldValue<DateTimeOffset>(12);
        var updatedAt = r.GetFieldValue<DateTimeOffset>(13);
        json.WriteStartArray("meetings");
        if (!r.IsDBNull(14))
        {
            do
            {
                json.WriteStartObject();
                json.WriteString("code", r.GetString(14));
                json.WriteString("title", r.GetString(15));
                StringOrNull(json, "reference", r, 16);
                json.WriteEndObject();
            }
            while (await r.ReadAsync(ct));
        }

        json.WriteEndArray();
        json.WriteString("registrationStatus", DateTimeOffset.UtcNow >= deadline ? "closed" : "open");
        if (closedAt is { } closed)
        {
            json.WriteString("closedAt", closed);
        }
        else
        {
            json.WriteNull("closedAt");
        }

        json.WriteString("createdAt", createdAt);
        json.WriteString("updatedAt", updatedAt);
        json.WriteEndObject();
    }

    private static void StringOrNull(Utf8JsonWriter json, string name, NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, r.GetString(i));
        }
    }

    private static void GuidOrNull(Utf8JsonWriter json, string name, NpgsqlDataReader r, int i)
    {
        if (r.IsDBNull(i))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, r.GetGuid(i));
        }
    }
}
