using System.Net;
using System.Text;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Platform;

/// <summary>
/// Every error is a problem with a code, also those Kestrel answers before any middleware runs: tested over real HTTP
/// (Kestrel on 127.0.0.1, a free port), with requests written byte for byte.
/// </summary>
public sealed class RequestProblemsTests(KestrelApi api) : IClassFixture<KestrelApi>
{
    private string Token => api.Client().Token("secretariat", null, "raw-http");

    private static void ShouldBeProblem(RawHttp.Answer answer, int status, string code)
    {
        answer.Status.ShouldBe(status, answer.Body);
        answer.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        var problem = answer.Json();
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("POST /api/v1/events", "\r\nContent-Length: 0")]
    [InlineData("POST /api/v1/events", "")]
    [InlineData("PATCH /api/v1/events/0190f5a0-8c2e-7c6b-9a41-3f2d1c0b5e77", "\r\nContent-Length: 0")]
    public async Task A_write_without_content_type_or_body_is_a_415_problem(string requestLine, string length)
    {
        var answer = await RawHttp.SendAsync(api.Address, $"{requestLine} HTTP/1.1\r\nAuthorization: Bearer {Token}{length}");

        ShouldBeProblem(answer, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task Without_a_token_a_write_without_content_type_is_still_401_first()
    {
        var answer = await RawHttp.SendAsync(api.Address, "POST /api/v1/events HTTP/1.1\r\nContent-Length: 0");

        ShouldBeProblem(answer, 401, "unauthenticated");
    }

    [Theory]
    [InlineData("/api/v1/events%00")]
    [InlineData("/api/v1/ev%00ents/x")]
    public async Task A_path_with_percent_00_is_a_400_problem(string path)
    {
        var answer = await RawHttp.SendAsync(api.Address, $"GET {path} HTTP/1.1");

        ShouldBeProblem(answer, 400, "malformed-request");
    }

    [Fact]
    public async Task A_query_string_over_8_KB_is_a_414_problem()
    {
        var answer = await RawHttp.SendAsync(api.Address, $"GET /api/v1/events?q={new string('a', 9000)} HTTP/1.1");

        ShouldBeProblem(answer, 414, "uri-too-long");
    }

    [Fact]
    public async Task Headers_over_the_limit_are_a_431_problem()
    {
        var answer = await RawHttp.SendAsync(api.Address, $"GET /api/v1/events HTTP/1.1\r\nX-Padding: {new string('a', 40_000)}");

        ShouldBeProblem(answer, 431, "request-headers-too-large");
    }

    [Fact]
    public async Task Answers_of_the_application_pass_through_untouched_on_the_same_real_connection()
    {
        using var http = new HttpClient { BaseAddress = api.Address };

        for (var i = 0; i < 3; i++)
        {
            using var list = await http.GetAsync("/api/v1/events?limit=1");
            list.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await list.Content.ReadAsStringAsync()).ShouldStartWith("{\"items\":");
            using var missing = await http.GetAsync($"/api/v1/events/{Guid.NewGuid()}");
            await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound, "event-not-found");
        }

        using var created = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent(Requests.JointEvent($"RAW-{Random.Shared.Next():X8}").ToJsonString(), Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", Token) },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_client_that_goes_away_mid_upload_is_not_logged_as_a_server_failure(bool reset)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var mark = api.Logs.Mark();
        var start = Encoding.ASCII.GetBytes("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"nv.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n");

        await RawHttp.AbandonAsync(api.Address,
            $"POST /api/v1/events/{eventId}/delegations/{delegationId}/notes-verbales HTTP/1.1\r\nAuthorization: Bearer {Token}\r\n"
            + "Content-Type: multipart/form-data; boundary=cut\r\nContent-Length: 1000000",
            [.. start, .. new byte[64 * 1024]],
            () => LoggedAsync(mark, "Microsoft.AspNetCore.Routing.EndpointMiddleware", "Executing endpoint", "the upload to reach its endpoint"),
            reset);

        await LoggedAsync(mark, "Microsoft.AspNetCore.Hosting.Diagnostics", "Request finished", "the server to finish the abandoned request");
        api.Logs.Since(mark).Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => $"{e.Category}: {e.Message}").ShouldBeEmpty();
    }

    private Task<IReadOnlyList<LogEntry>> LoggedAsync(int mark, string category, string start, string what) => Eventually.Async(
        () => Task.FromResult(api.Logs.Since(mark)),
        logged => logged.Any(e => e.Category == category && e.Message.StartsWith(start, StringComparison.Ordinal)),
        what);
}
