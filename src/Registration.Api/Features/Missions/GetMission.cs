using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Missions;

public sealed class GetMission(RegistrationDb db) : EndpointWithoutRequest<MissionResponse>
{
    public override void Configure()
    {
        Get("/missions/{missionId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(MissionResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a mission";
            s.Description = "Secretariat only. Unknown ids: `404 mission-not-found`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var missionId = Route<Guid>("missionId");
        var mission = await db.Missions.AsNoTracking().FirstOrDefaultAsync(m => m.Id == missionId, ct) ?? throw MissionMapping.NotFound(missionId);
        await Send.OkAsync(mission.ToResponse(), ct);
    }
}
