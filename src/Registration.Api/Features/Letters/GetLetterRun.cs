using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Letters;

public sealed class GetLetterRun(RegistrationDb db) : EndpointWithoutRequest<LetterRunResponse>
{
    public override void Configure()
    {
        Get("/letter-runs/{runId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(LetterRunResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a letter run";
            s.Description = "Secretariat only. Per mission: the fields still missing (from the missions' records as they stand now: fix a record and read "
                + "the run again), the addresses, and whether the letter was e-mailed. Unknown ids: `404 letter-run-not-found`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var plan = await LetterRunPlan.ReadAsync(db, Route<Guid>("runId"), ct);
        await Send.OkAsync(await plan.ToResponseAsync(db, ct), ct);
    }
}
