using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Sets up events, delegations and delegates through the API, as a client would.</summary>
public static class Arrange
{
    public static async Task<Guid> EventAsync(this ApiFactory api, string? code = null, Func<JsonObject, JsonObject>? change = null)
    {
        var body = Requests.JointEvent(code ?? $"EVENT-{Random.Shared.Next():X8}");
        using var response = await api.Client().AsSecretariat().PostAsync("/api/v1/events", change is null ? body : change(body));
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<Guid> DelegationAsync(this ApiFactory api, Guid eventId, string country)
    {
        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations", new { country });
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static async Task<JsonElement> DelegateAsync(this ApiFactory api, Guid eventId, Guid delegationId, JsonObject body)
    {
        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", body);
        return await response.ShouldHaveAsync(HttpStatusCode.Created);
    }

    public static JsonObject Delegate(string givenName, string familyName, string? email = null, string mode = "in-person") => new()
    {
        ["title"] = "Ms.",
        ["givenName"] = givenName,
        ["familyName"] = familyName,
        ["jobTitle"] = "Counsellor",
        ["email"] = email ?? $"{Guid.NewGuid():N}@example.gv.at",
        ["participationMode"] = mode,
    };

    /// <summary>A participant's registration of themselves: the delegate's fields without an address (the token's is used), and the State.</summary>
    public static JsonObject Self(string givenName, string familyName, string country = "AUT")
    {
        var body = Delegate(givenName, familyName);
        body.Remove("email");
        body["country"] = country;
        return body;
    }

    /// <summary>The participant with this address registers themselves (Anna Berger of Austria, unless told otherwise).</summary>
    public static async Task<JsonElement> SelfRegisteredAsync(this ApiFactory api, Guid eventId, string email, JsonObject? body = null, string? subject = null)
    {
        using var response = await api.Client().AsParticipant(email, subject).PostAsync($"/api/v1/events/{eventId}/registrations", body ?? Self("Anna", "Berger"));
        return await response.ShouldHaveAsync(HttpStatusCode.Created);
    }

    /// <summary>For rules whose other side comes in a later feature: set a delegate's stored status directly.</summary>
    public static async Task SetStatusInDatabaseAsync(this ApiFactory api, Guid delegateId, string status)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE delegates SET status = @status WHERE id = @id", connection);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("id", delegateId);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    public static async Task<T> ScalarAsync<T>(this ApiFactory api, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
