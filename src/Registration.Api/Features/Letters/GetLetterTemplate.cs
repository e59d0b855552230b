using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Letters;

public sealed class GetLetterTemplate(RegistrationDb db) : EndpointWithoutRequest<LetterTemplateResponse>
{
    public override void Configure()
    {
        Get("/letter-templates/{templateId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(LetterTemplateResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a letter template";
            s.Description = "Secretariat only, with the fields it uses. Unknown ids: `404 letter-template-not-found`. `GET .../content` gives the DOCX.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var templateId = Route<Guid>("templateId");
        var template = await db.LetterTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct) ?? throw LetterMapping.TemplateNotFound(templateId);
        await Send.OkAsync(template.ToResponse(), ct);
    }
}
