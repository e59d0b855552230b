using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Agenda items and statement uploads the way a client app sends them (multipart/form-data).</summary>
public static class Statements
{
    public static async Task<Guid> AgendaItemAsync(this ApiFactory api, Guid eventId, string number, params string[] meetings)
    {
        using var response = await api.Client().AsSecretariat().PostAsync($"/api/v1/events/{eventId}/agenda-items",
            new { number, title = $"Agenda item {number}", meetings = meetings.Length > 0 ? meetings : ["EMIC-12", "IRG-14R", "WGAR-17"] });
        return (await response.ShouldHaveAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    public static Task<HttpResponseMessage> SubmitVideoAsync(
        this ApiClient client, Guid eventId, Guid delegationId, Guid agendaItemId, byte[] video, string? transcript = "Madam Chair, Austria aligns itself with the statement of the European Union.", string? meeting = null, string fileName = "statement.mp4") =>
        client.SubmitAsync(eventId, delegationId, agendaItemId, "video", video, fileName, "video/mp4", transcript, meeting);

    public static Task<HttpResponseMessage> SubmitDocumentAsync(
        this ApiClient client, Guid eventId, Guid delegationId, Guid agendaItemId, byte[] document, string fileName = "statement.pdf", string contentType = "application/pdf") =>
        client.SubmitAsync(eventId, delegationId, agendaItemId, "document", document, fileName, contentType, null, null);

    public static async Task<HttpResponseMessage> SubmitAsync(
        this ApiClient client, Guid eventId, Guid delegationId, Guid agendaItemId, string part, byte[] bytes, string fileName, string contentType, string? transcript, string? meeting)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(agendaItemId.ToString()), "agendaItemId" },
        };
        if (meeting is not null)
        {
            content.Add(new StringContent(meeting), "meeting");
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, part, fileName);
        if (transcript is not null)
        {
            content.Add(new StringContent(transcript, Encoding.UTF8), "transcript");
        }

        return await client.Http.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/statements", content);
    }

    /// <summary>The files the instance's store holds, staged or in place.</summary>
    public static string[] StoredFiles(this ApiFactory api) =>
        Directory.Exists(api.FilesRoot) ? Directory.GetFiles(api.FilesRoot, "*", SearchOption.AllDirectories) : [];

    public static async Task<long> StatementRowsAsync(this ApiFactory api, Guid delegationId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM statements WHERE delegation_id = @id", connection);
        command.Parameters.AddWithValue("id", delegationId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static Guid Id(this JsonElement element) => element.GetProperty("id").GetGuid();
}
