using System.Net.Http.Headers;

namespace Registration.IntegrationTests.Infrastructure;

public static class Uploads
{
    /// <summary>Posts <paramref name="bytes"/> as the one <c>file</c> part of a multipart/form-data body, as a browser form does.</summary>
    public static async Task<HttpResponseMessage> UploadFileAsync(this ApiClient client, string path, byte[] bytes, string fileName, string contentType)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return await client.Http.PostAsync(path, content);
    }
}
