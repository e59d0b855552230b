using System.IO.Compression;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Docx;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Letters;

public sealed class DownloadLetters(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/letter-runs/{runId:guid}/letters.zip");
        Roles(Role.Secretariat);
        Description(d => d.DocumentedFile("application/zip", 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Download every letter of a run (ZIP)";
            s.Description = "Secretariat only. A ZIP with one DOCX per mission, named by country code, reference and date. Refused with `409 letter-values-missing` "
                + "when any letter misses values, each listed in `errors` under `letters.<country>`: nothing is produced until every letter is complete.";
            s.Responses[409] = "`letter-values-missing`: a letter misses values (each in `errors` under `letters.<country>`).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var plan = await LetterRunPlan.ReadAsync(db, Route<Guid>("runId"), ct);
        plan.EnsureComplete();
        var template = await db.LetterTemplateContents.AsNoTracking().Where(c => c.TemplateId == plan.Template.Id).Select(c => c.Bytes).FirstAsync(ct);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var letter in plan.Letters)
            {
                var entry = archive.CreateEntry(LetterMapping.FileNameOf(plan.Run, letter.Country), CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(ct);
                await stream.WriteAsync(WordDocument.Merge(template, letter.Values), ct);
            }
        }

        await FileAnswer.SendAsync(HttpContext.Response, zip.ToArray(), "application/zip", $"letters-{plan.Run.Date:yyyy-MM-dd}-{plan.Run.Id}.zip", null, ct);
    }
}
