using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Missions;

public sealed class DeleteMission(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("/missions/{missionId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(204, null, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Remove a mission from the directory";
            s.Description = "Secretariat only. Letter runs made before keep their list of countries; a country without a mission is then reported as missing.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var missionId = Route<Guid>("missionId");
        if (await db.Missions.Where(m => m.Id == missionId).ExecuteDeleteAsync(ct) == 0)
        {
            throw MissionMapping.NotFound(missionId);
        }

        await Send.NoContentAsync(ct);
    }
}
