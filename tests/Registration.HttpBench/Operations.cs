using System.Text;

namespace Registration.HttpBench;

/// <summary>
/// The operations the benchmark measures, each sent here exactly as its wrk script (lua/) sends it, so that the statements
/// captured for one request are those of the requests wrk sends.
/// </summary>
internal static class Operations
{
    public static readonly string[] All = ["list", "page400", "delegate", "event", "register", "self-register", "approve", "upload"];

    /// <summary>One request of <paramref name="operation"/> for the capture (the k-th of its kind), and what makes it repeatable.</summary>
    public static async Task<(int Status, string Body, Request Sent)> SendAsync(string operation, int k, BenchApi api, BenchData data)
    {
        var eventId = data.Read("event-id");
        var secretariat = data.Read("secretariat.token");
        var runId = data.Read("run-id");
        var listQuery = data.Read("list-query");
        Request request = operation switch
        {
            "list" => new(HttpMethod.Get, $"/api/v1/events/{eventId}/delegates?{listQuery}", secretariat),
            "page400" => new(HttpMethod.Get, $"/api/v1/events/{eventId}/delegates?{listQuery}&cursor={data.Read("page400.cursor")}", secretariat),
            "delegate" => new(HttpMethod.Get, $"/api/v1/events/{eventId}/delegates/{data.Read("delegate-id")}", secretariat),
            "event" => new(HttpMethod.Get, $"/api/v1/events/{eventId}", null),
            "register" => Register(data, eventId, runId, k),
            "self-register" => SelfRegister(data, eventId, k),
            "approve" => Approve(data, eventId, secretariat, k),
            "upload" => Upload(data, eventId, runId, k),
            _ => throw new BenchException($"unknown operation '{operation}'"),
        };
        using var content = request.Body?.Invoke();
        var (status, body) = await api.SendAsync(request.Method, request.Path, request.Token, content);
        return (status, body, request);
    }

    /// <summary>A delegation registers a new person (lua/register.lua): the k-th delegation of the pool, a name no one has.</summary>
    private static Request Register(BenchData data, string eventId, string runId, int k)
    {
        var delegations = data.ReadTable("register.tsv");
        var (delegationId, token) = (delegations[k % delegations.Length][0], delegations[k % delegations.Length][1]);
        var marker = $"{runId}c{BenchData.Letters(k)}";
        var json = $$"""{"title":"Ms.","givenName":"Bench","familyName":"Registrant{{marker}}","jobTitle":"Counsellor","email":"{{marker}}@registrations.example.org","participationMode":"in-person"}""";
        return new(HttpMethod.Post, $"/api/v1/events/{eventId}/delegations/{delegationId}/delegates", token, Json(json))
        {
            Markers = [marker],
            Pools = new() { [delegationId] = new PoolBinding("delegations", "id") },
        };
    }

    /// <summary>A participant registers themselves (lua/self-register.lua), joining their State's delegation.</summary>
    private static Request SelfRegister(BenchData data, string eventId, int k)
    {
        var participant = data.ReadTable("participants-capture.tsv")[k];
        var (token, country, marker) = (participant[0], participant[1], participant[2]);
        var delegationId = data.ReadTable("register.tsv").Single(row => row[2] == country)[0];
        var json = $$"""{"title":"Mr.","givenName":"Bench","familyName":"Participant{{marker}}","jobTitle":"Adviser","participationMode":"online","country":"{{country}}"}""";
        return new(HttpMethod.Post, $"/api/v1/events/{eventId}/registrations", token, Json(json))
        {
            Markers = [marker],
            Pools = new() { [delegationId] = new PoolBinding("delegations", "id"), [country] = new PoolBinding("delegations", "code") },
        };
    }

    /// <summary>The secretariat approves a pending delegate whom the note names (lua/approve.lua), each once.</summary>
    private static Request Approve(BenchData data, string eventId, string secretariat, int k)
    {
        var delegateId = File.ReadAllLines(data.Path("approve-capture.txt"))[k];
        return new(HttpMethod.Post, $"/api/v1/events/{eventId}/delegates/{delegateId}/approve", secretariat)
        {
            Pools = new() { [delegateId] = new PoolBinding("approve", "id") },
        };
    }

    /// <summary>The big delegation uploads a note naming all its delegates (lua/upload.lua): other bytes each time, after %%EOF.</summary>
    private static Request Upload(BenchData data, string eventId, string runId, int k)
    {
        var bytes = File.ReadAllBytes(data.Path("upload.pdf")).Concat(Encoding.ASCII.GetBytes($"\n% {runId}c{BenchData.Letters(k)}\n")).ToArray();
        return new(HttpMethod.Post, $"/api/v1/events/{eventId}/delegations/{data.Read("big-delegation-id")}/notes-verbales", data.Read("big.token"),
            () => BenchApi.Pdf(bytes));
    }

    private static Func<HttpContent> Json(string json) => () => new StringContent(json, Encoding.UTF8, "application/json");

    internal sealed record Request(HttpMethod Method, string Path, string? Token, Func<HttpContent>? Body = null)
    {
        public IReadOnlyList<string> Markers { get; init; } = [];

        public Dictionary<string, PoolBinding> Pools { get; init; } = [];
    }
}
