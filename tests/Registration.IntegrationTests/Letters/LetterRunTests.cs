using System.IO.Compression;
using System.Net;
using Registration.IntegrationTests.Calls;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Letters;

/// <summary>Runs: one DOCX per mission merged from a real template, the ZIP of them all, missing values per mission, and weekdays computed.</summary>
public sealed class LetterRunTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly object SeedRun = new
    {
        reference = "CU 2024/132(A)/DTA/CEB/TSS",
        subject = "Fifteenth session of the Working Group on the Prevention of Corruption",
        date = "2024-05-13",
        deadline = "2024-06-07",
        countries = new[] { "AUT", "BRA" },
    };

    private async Task<byte[]> LetterAsync(Guid runId, string country, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await api.Client().AsSecretariat().GetAsync($"/api/v1/letter-runs/{runId}/letters/{country}");
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Each_mission_gets_its_own_letter_with_every_field_merged_split_ones_included()
    {
        await api.MissionAsync("AUT", "Permanent Mission of Austria");
        await api.MissionAsync("BRA", "Permanent Mission of Brazil", city: "Wien");
        var run = await api.RunAsync(await api.TemplateAsync(), SeedRun);
        run.GetProperty("complete").GetBoolean().ShouldBeTrue(run.ToString());
        run.GetProperty("dateWeekday").GetString().ShouldBe("Monday");
        run.GetProperty("deadlineWeekday").GetString().ShouldBe("Friday");

        var austria = Docx.Text(await LetterAsync(run.GetProperty("id").GetGuid(), "AUT"));
        var brazil = Docx.Text(await LetterAsync(run.GetProperty("id").GetGuid(), "BRA"));

        austria.ShouldBe(string.Join("\n",
            "Reference: CU 2024/132(A)/DTA/CEB/TSS",
            "The United Nations Office on Drugs and Crime (UNODC) presents its compliments to the Permanent Mission of Austria to the United Nations (Vienna) "
                + "and has the honour to draw the attention of the Government to resolutions 10/3 and 10/9.",
            "Permanent Mission of Austria",
            "to the United Nations (Vienna)",
            "Vienna, Austria",
            "... as soon as possible but no later than Friday, 7 June 2024.",
            "13 May 2024",
            "Vienna, Monday, 13 May 2024"));
        brazil.ShouldContain("presents its compliments to the Permanent Mission of Brazil to the United Nations (Vienna)");
        brazil.ShouldContain("\nWien, Austria\n");
        brazil.ShouldNotContain("[[[");
    }

    [Fact]
    public async Task The_weekday_is_computed_from_the_date_never_taken_from_the_seed()
    {
        // The seed's invitation pairs 28 August 2023 with Wednesday; it was a Monday.
        await api.MissionAsync("DEU", "Permanent Mission of Germany");
        var run = await api.RunAsync(await api.TemplateAsync(), new { reference = "CU 2023/227(A)/DTA/CEB/CSS", date = "2023-08-28", deadline = "2023-08-21", countries = new[] { "DEU" } });

        run.GetProperty("dateWeekday").GetString().ShouldBe("Monday");
        run.GetProperty("deadlineWeekday").GetString().ShouldBe("Monday");
        var text = Docx.Text(await LetterAsync(run.GetProperty("id").GetGuid(), "DEU"));
        text.ShouldContain("Vienna, Monday, 28 August 2023");
        text.ShouldContain("no later than Monday, 21 August 2023.");
        text.ShouldNotContain("Wednesday");
    }

    [Fact]
    public async Task Missing_values_are_reported_per_mission_before_anything_is_produced_and_the_zip_follows_once_fixed()
    {
        var spainId = await api.MissionAsync("ESP", "Permanent Mission of Spain", city: null);
        await api.MissionAsync("ITA", "Permanent Mission of Italy");
        var templateId = await api.TemplateAsync();

        // No deadline given, Spain's city missing, Portugal not in the directory at all.
        var run = await api.RunAsync(templateId, new { reference = "CU 2024/132(A)/DTA/CEB/TSS", date = "2024-05-13", countries = new[] { "ESP", "ITA", "PRT" } });
        var runId = run.GetProperty("id").GetGuid();

        run.GetProperty("complete").GetBoolean().ShouldBeFalse();
        run.Letter("ESP").GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldBe(["CityPR", "DeadlineWithWeekday"]);
        run.Letter("ITA").GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldBe(["DeadlineWithWeekday"]);
        run.Letter("PRT").GetProperty("missionId").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        run.Letter("PRT").GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldBe(["AddressLine1PR", "ToUNOV", "CityPR", "CountryAddressName", "DeadlineWithWeekday"]);

        using (var zip = await api.Client().AsSecretariat().GetAsync($"/api/v1/letter-runs/{runId}/letters.zip"))
        {
            var problem = await zip.ShouldBeProblemAsync(HttpStatusCode.Conflict, "letter-values-missing");
            var errors = problem.GetProperty("errors");
            errors.GetProperty("letters.ESP")[0].GetString()!.ShouldContain("[[[CityPR]]]");
            errors.GetProperty("letters.PRT")[0].GetString()!.ShouldContain("no mission for PRT");
        }

        await LetterAsync(runId, "ITA", HttpStatusCode.Conflict);

        // A run with the deadline, Spain's city given and Portugal left out: complete, and the ZIP holds one letter per mission.
        using (var fixedSpain = await api.Client().AsSecretariat().PutAsync($"/api/v1/missions/{spainId}", new
        {
            name = "Permanent Mission of Spain", accreditedTo = "to the United Nations (Vienna)", city = "Vienna", addressCountry = "Austria",
        }))
        {
            await fixedSpain.ShouldHaveAsync(HttpStatusCode.OK);
        }

        var complete = await api.RunAsync(templateId, new { reference = "CU 2024/132(A)/DTA/CEB/TSS", date = "2024-05-13", deadline = "2024-06-07", countries = new[] { "ESP", "ITA" } });
        complete.GetProperty("complete").GetBoolean().ShouldBeTrue(complete.ToString());
        using var zipped = await api.Client().AsSecretariat().GetAsync($"/api/v1/letter-runs/{complete.GetProperty("id").GetGuid()}/letters.zip");
        zipped.StatusCode.ShouldBe(HttpStatusCode.OK);
        zipped.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var archive = new ZipArchive(new MemoryStream(await zipped.Content.ReadAsByteArrayAsync()));
        archive.Entries.Select(e => e.Name).ShouldBe(["ESP CU 2024-132(A)-DTA-CEB-TSS 2024-05-13.docx", "ITA CU 2024-132(A)-DTA-CEB-TSS 2024-05-13.docx"]);
        foreach (var (entry, mission) in archive.Entries.Zip(new[] { "Spain", "Italy" }))
        {
            using var stream = new MemoryStream();
            await using (var opened = entry.Open())
            {
                await opened.CopyToAsync(stream);
            }

            Docx.Text(stream.ToArray()).ShouldContain($"presents its compliments to the Permanent Mission of {mission} to the United Nations (Vienna)");
        }
    }

    [Fact]
    public async Task A_run_for_a_call_takes_its_reference_subject_and_deadline_and_writes_to_the_missions_it_invites()
    {
        await api.MissionAsync("NLD", "Permanent Mission of the Netherlands");
        await api.MissionAsync("BEL", "Permanent Mission of Belgium");
        var call = await api.CallAsync(Calls.Calls.SeedCall(eligible: ["NLD", "BEL", "LUX"]));

        var run = await api.RunAsync(await api.TemplateAsync(), new { callId = call.GetProperty("id").GetGuid(), date = "2024-05-13" });

        run.GetProperty("reference").GetString().ShouldBe(call.GetProperty("reference").GetString());
        run.GetProperty("subject").GetString().ShouldBe("Fifteenth session of the Working Group on the Prevention of Corruption");
        run.GetProperty("deadline").GetString().ShouldBe("2024-06-07");
        run.GetProperty("letters").EnumerateArray().Select(l => l.GetProperty("country").GetString()).ShouldBe(["BEL", "NLD"]);
        run.GetProperty("complete").GetBoolean().ShouldBeTrue(run.ToString());
        Docx.Text(await LetterAsync(run.GetProperty("id").GetGuid(), "BEL")).ShouldContain("no later than Friday, 7 June 2024.");
    }

    [Fact]
    public async Task A_run_needs_a_template_a_date_and_known_countries()
    {
        var templateId = await api.TemplateAsync();
        using (var unknown = await api.Client().AsSecretariat().PostAsync($"/api/v1/letter-templates/{Guid.NewGuid()}/runs", new { date = "2024-05-13" }))
        {
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "letter-template-not-found");
        }

        using var bad = await api.Client().AsSecretariat().PostAsync($"/api/v1/letter-templates/{templateId}/runs", new { countries = new[] { "XYZ", "AUT", "AUT" } });
        await bad.ShouldBeValidationProblemAsync("date", "countries", "countries[0]");
    }
}
