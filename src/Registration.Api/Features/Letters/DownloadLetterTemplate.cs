using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Docx;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Letters;

public sealed class DownloadLetterTemplate(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/letter-templates/{templateId:guid}/content");
        Roles(Role.Secretariat);
        Description(d => d.DocumentedFile(WordDocument.ContentType, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Download a letter template";
            s.Description = "Secretariat only. The DOCX byte for byte as uploaded; its `ETag` is its SHA-256.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var templateId = Route<Guid>("templateId");
        var file = await db.LetterTemplates.AsNoTracking().Where(t => t.Id == templateId)
            .Join(db.LetterTemplateContents.AsNoTracking(), t => t.Id, c => c.TemplateId, (t, c) => new { t.FileName, t.Sha256, c.Bytes })
            .FirstOrDefaultAsync(ct) ?? throw LetterMapping.TemplateNotFound(templateId);
        await FileAnswer.SendAsync(HttpContext.Response, file.Bytes, WordDocument.ContentType, file.FileName, file.Sha256, ct);
    }
}
