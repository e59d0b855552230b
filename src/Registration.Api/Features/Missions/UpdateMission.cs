using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Missions;

/// <summary>The mission's fields, all of them (what is left out is cleared); the country stays.</summary>
public sealed class UpdateMissionRequest : MissionInput;

public sealed class UpdateMissionValidator : Validator<UpdateMissionRequest>
{
    public UpdateMissionValidator() => this.AddMissionRules();
}

public sealed class UpdateMission(RegistrationDb db, TimeProvider clock) : Endpoint<UpdateMissionRequest, MissionResponse>
{
    public override void Configure()
    {
        Put("/missions/{missionId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(MissionResponse), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Replace a mission's fields";
            s.Description = "Secretariat only. Replaces every field but the country (a field left out is cleared). Letters are merged when they are "
                + "produced, so a run shows the change at once.";
            s.ExampleRequest = new UpdateMissionRequest
            {
                Name = ExampleMission.Request.Name,
                AccreditedTo = "to the United Nations and other international organizations in Vienna",
                AddressLine2 = ExampleMission.Request.AddressLine2,
                City = ExampleMission.Request.City,
                PostalCode = ExampleMission.Request.PostalCode,
                AddressCountry = ExampleMission.Request.AddressCountry,
                Salutation = ExampleMission.Request.Salutation,
                Emails = ExampleMission.Request.Emails,
            };
        });
    }

    public override async Task HandleAsync(UpdateMissionRequest req, CancellationToken ct)
    {
        var missionId = Route<Guid>("missionId");
        var mission = await db.InTransactionAsync(async ct =>
        {
            var mission = await db.Missions.FirstOrDefaultAsync(m => m.Id == missionId, ct) ?? throw MissionMapping.NotFound(missionId);
            mission.Update(req.ToFields(), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return mission;
        }, ct);

        await Send.OkAsync(mission.ToResponse(), ct);
    }
}
