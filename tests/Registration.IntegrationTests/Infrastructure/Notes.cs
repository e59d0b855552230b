using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Registration.IntegrationTests.Infrastructure;

/// <summary>Uploads notes verbales the way a client app does: multipart/form-data with a part named "file".</summary>
public static class Notes
{
    public static async Task<HttpResponseMessage> UploadAsync(
        this ApiClient client, Guid eventId, Guid delegationId, byte[] bytes, string fileName = "note-verbale.pdf", string contentType = "application/pdf", string partName = "file")
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, partName, fileName);
        return await client.Http.PostAsync($"/api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales", content);
    }

    /// <summary>A nominee's upload: the note that names a delegate, filed under the delegate's delegation.</summary>
    public static async Task<HttpResponseMessage> UploadForDelegateAsync(this ApiClient client, Guid eventId, Guid delegateId, byte[] bytes, string fileName = "note-verbale.pdf")
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "file", fileName);
        return await client.Http.PostAsync($"/api/v1/events/{eventId}/delegates/{delegateId}/note-verbale", content);
    }

    public static async Task<JsonElement> UploadNoteAsync(this ApiFactory api, Guid eventId, Guid delegationId, byte[] bytes, string country)
    {
        using var response = await api.Client().AsDelegation(country).UploadAsync(eventId, delegationId, bytes);
        return await response.ShouldHaveAsync(HttpStatusCode.Created);
    }

    /// <summary>A note naming the given people the way Governments write them: "Ms. Anna BERGER, Counsellor".</summary>
    public static byte[] Naming(params string[] people) =>
        Registration.UnitTests.Matching.TestPdf.WithLines(
            ["The Permanent Mission presents its compliments to the United Nations Office on Drugs and Crime",
             "and has the honour to communicate the composition of its delegation:", .. people,
             "The Permanent Mission avails itself of this opportunity to renew the assurances of its highest consideration."]);

    public static byte[] Scan() => Registration.UnitTests.Matching.TestPdf.WithoutText();
}
