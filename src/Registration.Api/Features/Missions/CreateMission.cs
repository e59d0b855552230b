using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Missions;

/// <summary>A new mission.</summary>
public sealed class CreateMissionRequest : MissionInput
{
    /// <summary>ISO 3166-1 alpha-3 code of the State (<c>EUE</c>: the European Union); one mission per code.</summary>
    public string Country { get; init; } = "";
}

public sealed class CreateMissionValidator : Validator<CreateMissionRequest>
{
    public CreateMissionValidator()
    {
        RuleFor(r => r.Country).MissionCountry();
        this.AddMissionRules();
    }
}

public sealed class CreateMission(RegistrationDb db, TimeProvider clock) : Endpoint<CreateMissionRequest, MissionResponse>
{
    public override void Configure()
    {
        Post("/missions");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(MissionResponse), 400, 401, 403, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Add a mission to the directory";
            s.Description = "Secretariat only. One mission per country code: a second is `409 mission-exists` (the database's unique index decides under a race). "
                + "Only `country` and `name` are required; a field a letter template uses but a mission lacks is reported by the letter run, per mission, before anything is sent.";
            s.ExampleRequest = ExampleMission.Request;
        });
    }

    public override async Task HandleAsync(CreateMissionRequest req, CancellationToken ct)
    {
        var mission = await db.InTransactionAsync(async ct =>
        {
            var mission = new Mission(req.Country, req.ToFields(), clock.GetUtcNow());
            db.Missions.Add(mission);
            await db.SaveChangesAsync(ct);
            return mission;
        }, ct);

        await Send.CreatedAtAsync<GetMission>(new { missionId = mission.Id }, mission.ToResponse(), cancellation: ct);
    }
}
