using System.Net;
using System.Text;
using System.Text.Json;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Missions;

/// <summary>The missions directory: records, the CSV import (all or nothing, with a report per line) and export.</summary>
public sealed class MissionsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Header = "country,name,accreditedTo,addressLine2,addressLine3,city,postalCode,addressCountry,salutation,emails,language";

    private Task<HttpResponseMessage> ImportAsync(string csv) =>
        api.Client().AsSecretariat().UploadFileAsync("/api/v1/missions/import", Encoding.UTF8.GetBytes(csv), "missions.csv", "text/csv");

    private async Task<string> ExportAsync()
    {
        using var response = await api.Client().AsSecretariat().GetAsync("/api/v1/missions/export");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        return await response.Content.ReadAsStringAsync();
    }

    private Task<long> MissionCountAsync() => api.ScalarAsync<long>("SELECT count(*) FROM missions");

    [Fact]
    public async Task The_sample_file_imports_and_exports_back_unchanged()
    {
        var sample = await File.ReadAllTextAsync(Repository.File("scripts", "sample-missions.csv"));
        using (var imported = await ImportAsync(sample))
        {
            var report = await imported.ShouldHaveAsync(HttpStatusCode.OK);
            report.GetProperty("lines").GetInt32().ShouldBe(6);
        }

        var exported = await ExportAsync();
        var brazil = (await api.Client().AsSecretariat().GetJsonAsync("/api/v1/missions?limit=200")).GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("country").GetString() == "BRA");
        brazil.GetProperty("emails").EnumerateArray().Select(e => e.GetString()).ShouldBe(["missao.viena@example.gov.br", "uncac@example.gov.br"]);
        brazil.GetProperty("addressLine3").GetString().ShouldBe("Top 4");
        brazil.GetProperty("language").GetString().ShouldBe("es");
        brazil.GetProperty("countryName").GetString().ShouldBe("Brazil");

        // The export reads back as the same directory: importing it changes no field, and exporting again gives the same bytes.
        using (var again = await ImportAsync(exported))
        {
            var report = await again.ShouldHaveAsync(HttpStatusCode.OK);
            report.GetProperty("created").GetInt32().ShouldBe(0);
            report.GetProperty("updated").GetInt32().ShouldBe(6);
        }

        (await ExportAsync()).ShouldBe(exported);
        exported.Split("\r\n")[0].ShouldBe(Header);
        exported.ShouldContain("\"Example Gasse 4, 3rd floor\"");
    }

    [Fact]
    public async Task A_value_a_spreadsheet_would_run_is_escaped_in_the_export_and_reads_back_as_it_was()
    {
        using (var created = await api.Client().AsSecretariat().PostAsync("/api/v1/missions", new { country = "NZL", name = "=HYPERLINK(\"http://example.org\")", emails = Array.Empty<string>() }))
        {
            await created.ShouldHaveAsync(HttpStatusCode.Created);
        }

        var exported = await ExportAsync();
        exported.ShouldContain("\"'=HYPERLINK(\"\"http://example.org\"\")\"");
        using (var imported = await ImportAsync(exported))
        {
            await imported.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var nzl = (await api.Client().AsSecretariat().GetJsonAsync("/api/v1/missions?limit=200")).GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("country").GetString() == "NZL");
        nzl.GetProperty("name").GetString().ShouldBe("=HYPERLINK(\"http://example.org\")");
    }

    [Fact]
    public async Task A_file_with_bad_lines_is_refused_line_by_line_and_nothing_is_imported()
    {
        var before = await MissionCountAsync();
        var csv = $"""
            {Header}
            PRT,Permanent Mission of Portugal,to the United Nations (Vienna),,,Vienna,1010,Austria,,mission@example.gov.pt,en
            XYZ,Permanent Mission of Nowhere,,,,,,,,,en
            PRT,Permanent Mission of Portugal again,,,,,,,,,en
            ESP,,,,,,,,,not-an-address,de
            ITA,Permanent Mission of Italy,"broken "quote,,,,,,,,en
            GRC,Permanent Mission of Greece
            """;

        using var response = await ImportAsync(csv);

        var problem = await response.ShouldBeValidationProblemAsync(
            "lines[3].country", "lines[4].country", "lines[5].name", "lines[5].emails[0]", "lines[5].language", "lines[6]", "lines[7]");
        var errors = problem.GetProperty("errors");
        errors.GetProperty("lines[3].country")[0].GetString()!.ShouldContain("'XYZ'");
        errors.GetProperty("lines[4].country")[0].GetString()!.ShouldContain("PRT is on line 2 already");
        errors.GetProperty("lines[5].language")[0].GetString()!.ShouldContain("'de'");
        errors.GetProperty("lines[7]")[0].GetString()!.ShouldContain("2 fields");
        errors.TryGetProperty("lines[2].country", out _).ShouldBeFalse("the good line is not reported");
        (await MissionCountAsync()).ShouldBe(before, "nothing is imported when any line is wrong");
    }

    [Theory]
    [InlineData("country,name,city", "missing columns: accreditedTo")]
    [InlineData(Header + ",fax", "unknown columns: fax")]
    [InlineData(Header + ",city", "repeated columns: city")]
    public async Task A_wrong_header_is_reported_on_line_1(string header, string message)
    {
        using var response = await ImportAsync(header + "\r\nAUT,Permanent Mission of Austria,,,,,,,,,en\r\n");

        var problem = await response.ShouldBeValidationProblemAsync("lines[1]");
        problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_or_too_large_is_refused()
    {
        using (var latin1 = await api.Client().AsSecretariat().UploadFileAsync("/api/v1/missions/import",
            [.. Encoding.UTF8.GetBytes(Header + "\r\nAUT,Mission d"), 0xE9, .. "\r\n"u8.ToArray()], "missions.csv", "text/csv"))
        {
            await latin1.ShouldBeValidationProblemAsync("file");
        }

        var huge = Header + "\r\n" + string.Concat(Enumerable.Repeat("AUT,Permanent Mission of Austria,,,,,,,,,en\r\n", 30_000));
        using var tooLarge = await ImportAsync(huge);
        await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task A_mission_is_created_read_replaced_and_deleted_and_a_country_has_one()
    {
        var secretariat = api.Client().AsSecretariat();
        using var created = await secretariat.PostAsync("/api/v1/missions", new
        {
            country = "JPN", name = "Permanent Mission of Japan", accreditedTo = "to the International Organizations in Vienna", city = "Vienna",
            emails = new[] { "Mission.Vienna@example.go.jp" }, language = "en",
        });
        var mission = await created.ShouldHaveAsync(HttpStatusCode.Created);
        var id = mission.GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldEndWith($"/api/v1/missions/{id}");
        mission.GetProperty("emails")[0].GetString().ShouldBe("mission.vienna@example.go.jp");

        using (var twice = await secretariat.PostAsync("/api/v1/missions", new { country = "JPN", name = "Another" }))
        {
            await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict, "mission-exists");
        }

        using (var replaced = await secretariat.PutAsync($"/api/v1/missions/{id}", new { name = "Permanent Mission of Japan", city = "Wien", language = "fr" }))
        {
            var body = await replaced.ShouldHaveAsync(HttpStatusCode.OK);
            body.GetProperty("city").GetString().ShouldBe("Wien");
            body.GetProperty("accreditedTo").ValueKind.ShouldBe(JsonValueKind.Null);
            body.GetProperty("language").GetString().ShouldBe("fr");
        }

        using (var bad = await secretariat.PostAsync("/api/v1/missions", new { country = "ZZZ", name = "", emails = new[] { "nope" } }))
        {
            await bad.ShouldBeValidationProblemAsync("country", "name", "emails[0]");
        }

        using (var deleted = await secretariat.Http.DeleteAsync($"/api/v1/missions/{id}"))
        {
            deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        using var gone = await secretariat.GetAsync($"/api/v1/missions/{id}");
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound, "mission-not-found");
    }

    [Fact]
    public async Task Only_the_secretariat_reads_or_writes_the_directory()
    {
        using var list = await api.Client().AsDelegation("AUT").GetAsync("/api/v1/missions");
        await list.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var import = await api.Client().AsDelegation("AUT").UploadFileAsync("/api/v1/missions/import", Encoding.UTF8.GetBytes(Header), "m.csv", "text/csv");
        await import.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var anonymous = await api.Client().Anonymous().GetAsync("/api/v1/missions/export");
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
