using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Missions;

/// <summary>What an import did.</summary>
/// <param name="Created">Missions added (countries not in the directory before).</param>
/// <param name="Updated">Missions whose fields the file replaced.</param>
/// <param name="Lines">Lines read, the header not counted.</param>
public sealed record MissionImportResponse(int Created, int Updated, int Lines);

public sealed class ImportMissions(RegistrationDb db, TimeProvider clock, UploadLimits limits) : EndpointWithoutRequest<MissionImportResponse>
{
    public override void Configure()
    {
        Post("/missions/import");
        Roles(Role.Secretariat);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.Documented(200, typeof(MissionImportResponse), 400, 401, 403, 409, 413, 415)
            .WithFileUpload(MultipartFile.PartName, "The missions as CSV (UTF-8), with the header line " + string.Join(',', MissionsCsv.Columns) + ".",
                services => services.GetRequiredService<UploadLimits>().MaxMissionsCsvBytes)
            .Idempotent());
        Summary(s =>
        {
            s.Summary = "Import missions from CSV";
            s.Description = "Secretariat only. `multipart/form-data` with one part `file`: a CSV (RFC 4180, UTF-8) whose header names exactly the columns "
                + $"`{string.Join(",", MissionsCsv.Columns)}` (any order), one line per mission; `emails` separated by `;`, `language` one of {OfficialLanguages.List} (empty: en). "
                + "A line for a country already in the directory replaces that mission's fields; missions the file does not name stay as they are. "
                + "**All or nothing**: a wrong header, a line with the wrong number of fields or broken quoting, an unknown or repeated country code, or a field "
                + "that breaks a mission's rules is `400 validation-failed`, with `errors` keyed by line — `lines[1]` for the header, `lines[N].field` for a field "
                + "(N counts records, the header being 1) — and nothing is imported. Larger than `Uploads__MaxMissionsCsvBytes` (1 MB): `413`. "
                + "`GET /missions/export` writes the same format, so an export imports back unchanged.";
            s.Responses[400] = "`validation-failed`: the file's problems, in `errors` keyed by line (`lines[1]`: the header; `lines[N].field`); nothing was imported.";
            s.Responses[409] = "`mission-exists`: a mission for one of the file's countries was added by someone else meanwhile; import again.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (_, bytes) = await MultipartFile.ReadAsync(HttpContext.Request, limits.MaxMissionsCsvBytes, "the missions file", "the CSV", ct);
        var (lines, errors) = MissionsCsv.Read(bytes);
        if (errors.Count > 0)
        {
            throw new DomainFailure(FailureKind.Invalid, ErrorCodes.ValidationFailed,
                $"The file has {errors.Count} problem(s); nothing was imported. Each is listed under its line in errors.")
            { Errors = errors };
        }

        var (created, updated) = await db.InTransactionAsync(async ct =>
        {
            var now = clock.GetUtcNow();
            var countries = lines.Select(l => l.Country).ToList();
            var existing = await db.Missions.Where(m => countries.Contains(m.Country)).ToDictionaryAsync(m => m.Country, StringComparer.Ordinal, ct);
            foreach (var line in lines)
            {
                if (existing.TryGetValue(line.Country, out var mission))
                {
                    mission.Update(line.Fields, now);
                }
                else
                {
                    db.Missions.Add(new Mission(line.Country, line.Fields, now));
                }
            }

            await db.SaveChangesAsync(ct);
            return (lines.Count - existing.Count, existing.Count);
        }, ct);

        await Send.OkAsync(new MissionImportResponse(created, updated, lines.Count), ct);
    }
}
