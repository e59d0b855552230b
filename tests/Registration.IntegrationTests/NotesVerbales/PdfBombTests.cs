using System.Net;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.NotesVerbales;

/// <summary>Runs alone, so that the memory the process allocates while a bomb is refused is the refusal's own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}

[Collection(MeasuredAlone.Name)]
public sealed class PdfBombTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const int Megabyte = 1024 * 1024;

    // Refusing a bomb reads at most one stream's worth of the budget (16 MB by default); accepting the 1 MB text bomb
    // cost 236 MB of resident memory, the 10 MB one 1.9 GB.
    private const long AllocationBound = 64L * Megabyte;

    public static TheoryData<string, string> Bombs => new()
    {
        { "text", "text-length" },
        { "content", "decompressed-bytes" },
        { "hundred-pages", "pages" },
        { "shared-content", "decompressed-bytes" },
        { "repeated-form", "decompressed-bytes" },
        { "font", "decompressed-bytes" },
    };

    private static byte[] Bomb(string kind) => kind switch
    {
        "text" => PdfBombs.Text(1 * Megabyte),                 // 1 MB of text operators, as in the issue
        "content" => PdfBombs.Content(64 * Megabyte),           // 64 MB of drawing on one page
        "hundred-pages" => PdfBombs.SharedContent(100, Megabyte), // 100 pages sharing one 1 MB stream, as in the issue
        "shared-content" => PdfBombs.SharedContent(40, Megabyte), // within the pages, beyond the content
        "repeated-form" => PdfBombs.RepeatedForm(200_000, 1400),  // a small page drawing a form 200,000 times
        "font" => PdfBombs.Font(64 * Megabyte),                 // an embedded font program inflating to 64 MB
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public async Task A_pdf_bomb_is_refused_naming_the_limit_in_bounded_memory(string kind, string limit)
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var bomb = Bomb(kind);
        var client = api.Client().AsDelegation("AUT");

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var response = await client.UploadAsync(eventId, delegationId, bomb);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "note-verbale-too-complex");
        problem.GetProperty("limit").GetString().ShouldBe(limit);
        allocated.ShouldBeLessThan(AllocationBound, $"{kind}: {bomb.Length:N0}-byte file, {allocated:N0} bytes allocated while refusing it");
        (await api.ScalarAsync<long>("SELECT count(*) FROM notes_verbales WHERE delegation_id = @d", ("d", delegationId))).ShouldBe(0);
    }
}

/// <summary>The time limit, configured far below what reading any file takes.</summary>
public sealed class PdfTimeLimitTests(PdfTimeLimitTests.ImpatientApi api) : IClassFixture<PdfTimeLimitTests.ImpatientApi>
{
    public sealed class ImpatientApi : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["NotesVerbales:MaxReadingSeconds"] = "0.000001",
        };
    }

    [Fact]
    public async Task Reading_beyond_the_configured_time_is_refused_naming_the_time_limit()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var note = Registration.UnitTests.Matching.TestPdf.WithPages([.. Enumerable.Range(0, 20).Select(p => new[] { $"Page {p}", "Ms. Anna BERGER" })]);

        using var response = await api.Client().AsDelegation("AUT").UploadAsync(eventId, delegationId, note);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "note-verbale-too-complex");
        problem.GetProperty("limit").GetString().ShouldBe("time");
    }
}
