using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Missions;

public sealed class ExportMissions(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/missions/export");
        Roles(Role.Secretariat);
        Description(d => d.DocumentedFile(MissionsCsv.ContentType, 401, 403));
        Summary(s =>
        {
            s.Summary = "Export the missions directory as CSV";
            s.Description = "Secretariat only. The whole directory, ordered by country code, in the format `POST /missions/import` reads (UTF-8, header line "
                + $"`{string.Join(",", MissionsCsv.Columns)}`). A value a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) is written with a "
                + "leading `'`, which the import removes again.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var missions = await db.Missions.AsNoTracking().OrderBy(m => m.Country).ToListAsync(ct);
        await FileAnswer.SendAsync(HttpContext.Response, MissionsCsv.Write(missions), MissionsCsv.ContentType + "; charset=utf-8", "missions.csv", null, ct);
    }
}
