using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Docx;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Letters;

public sealed class DownloadLetter(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/letter-runs/{runId:guid}/letters/{country}");
        Roles(Role.Secretariat);
        Description(d => d.DocumentedFile(WordDocument.ContentType, 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Download one mission's letter (DOCX)";
            s.Description = "Secretariat only. The template merged for this mission, as a DOCX. A letter that misses values is `409 letter-values-missing`, "
                + "naming them in `errors`; a country the run does not write to is `404 letter-run-not-found`.";
            s.Responses[409] = "`letter-values-missing`: the letter misses values (in `errors` under `letters.<country>`).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var plan = await LetterRunPlan.ReadAsync(db, Route<Guid>("runId"), ct);
        var country = Route<string>("country") ?? "";
        var letter = plan.Letters.FirstOrDefault(l => l.Country == country)
            ?? throw DomainFailure.NotFound(ErrorCodes.LetterRunNotFound, $"The run does not write to '{country}'.");
        plan.EnsureComplete([letter]);
        await FileAnswer.SendAsync(HttpContext.Response, await plan.ProduceAsync(db, letter, ct), WordDocument.ContentType, LetterMapping.FileNameOf(plan.Run, country), null, ct);
    }
}
