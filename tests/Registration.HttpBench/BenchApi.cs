using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registration.Api.Platform.Auth;

namespace Registration.HttpBench;

/// <summary>The API as the benchmark calls it: one HTTP client, tokens minted with the run's signing key.</summary>
internal sealed class BenchApi : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly AuthOptions auth;

    public BenchApi(Options options)
    {
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
        {
            BaseAddress = new Uri(options["base-url"]),
            Timeout = TimeSpan.FromSeconds(120),
        };
        auth = new AuthOptions
        {
            SigningKey = options["signing-key"],
            Issuer = options["issuer"],
            Audience = options["audience"],
        };
    }

    public string Token(string role, string? country = null, string? subject = null, string? email = null) =>
        DevelopmentTokens.Mint(auth, role, country, subject ?? $"bench-{role}-{country}", TimeSpan.FromHours(6), DateTimeOffset.UtcNow, email);

    public async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(int Status, string Body)> PostJsonAsync(string path, string? token, object body) =>
        SendAsync(HttpMethod.Post, path, token, new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json"));

    /// <summary>A call that must succeed; anything else stops the run with the API's answer.</summary>
    public static async Task<JsonNode> ExpectAsync(int status, Task<(int Status, string Body)> call, string what)
    {
        var (answered, body) = await call;
        if (answered != status)
        {
            throw new BenchException($"{what}: expected {status}, the API answered {answered}: {Shorten(body)}");
        }

        return JsonNode.Parse(body.Length == 0 ? "null" : body) ?? new JsonObject();
    }

    public static MultipartFormDataContent Pdf(byte[] bytes, string fileName = "note-verbale.pdf")
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "file", fileName);
        return content;
    }

    public static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "...";

    public void Dispose() => http.Dispose();
}
