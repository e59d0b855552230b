using System.Security.Cryptography;
using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Letters;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Docx;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Letters;

public sealed class UploadLetterTemplate(RegistrationDb db, TimeProvider clock, UploadLimits limits) : EndpointWithoutRequest<LetterTemplateResponse>
{
    public override void Configure()
    {
        Post("/letter-templates");
        Roles(Role.Secretariat);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.Documented(201, typeof(LetterTemplateResponse), 400, 401, 403, 413, 415)
            .WithFileUpload(MultipartFile.PartName, "The letter template as a Word document (DOCX).", services => services.GetRequiredService<UploadLimits>().MaxTemplateBytes)
            .Idempotent());
        Summary(s =>
        {
            s.Summary = "Upload a letter template (DOCX)";
            s.Description = "Secretariat only. `multipart/form-data` with one part `file`: a Word document whose merge fields are written `[[[FieldName]]]`, "
                + "as in the secretariat's notes; a field is found even when Word split it over several runs. The answer lists the fields found. "
                + "Fields from each mission's record: " + Described(LetterFields.MissionFields) + ". Fields from the run: " + Described(LetterFields.RunFields) + ". "
                + "A field not in these lists, or text between `[[[` and `]]]` that is no field name, is `400 validation-failed` naming each under `file`. "
                + "Judged by its bytes, whatever its name or declared type: a file that is not a DOCX, a macro-enabled document (`.docm`, or any with a "
                + "`vbaProject` part), a template, a legacy `.doc` or an encrypted (password-protected) document is `415 unsupported-media-type`. "
                + "Larger than `Uploads__MaxTemplateBytes` (5 MB by default): `413`.";
            s.Responses[400] = "`validation-failed`: unknown merge fields or text between `[[[` and `]]]` that is no field name (in `errors` under `file`), or a broken upload.";
            s.Responses[415] = "`unsupported-media-type`: not a DOCX, macro-enabled, a template, a legacy `.doc` or encrypted.";
        });
    }

    private static string Described(IReadOnlyDictionary<string, string> fields) =>
        string.Join("; ", fields.Select(f => $"`[[[{f.Key}]]]` {f.Value}"));

    public override async Task HandleAsync(CancellationToken ct)
    {
        var (name, bytes) = await MultipartFile.ReadAsync(HttpContext.Request, limits.MaxTemplateBytes, "the letter template", "the DOCX", ct);
        WordDocument.EnsurePlainDocx(bytes);
        var scan = WordDocument.FindFields(bytes);
        var unknown = scan.Fields.Where(f => !LetterFields.IsKnown(f)).ToList();
        if (unknown.Count > 0 || scan.Malformed.Count > 0)
        {
            var problems = new List<string>();
            if (unknown.Count > 0)
            {
                problems.Add($"Unknown merge fields: {LetterFields.Listed(unknown)}. Known fields: {LetterFields.Listed(LetterFields.MissionFields.Keys.Concat(LetterFields.RunFields.Keys))}.");
            }

            if (scan.Malformed.Count > 0)
            {
                problems.Add($"Not field names (letters and digits, starting with a letter): {string.Join(", ", scan.Malformed.Select(m => $"'[[[{m}]]]'"))}.");
            }

            throw new DomainFailure(FailureKind.Invalid, ErrorCodes.ValidationFailed, string.Join(" ", problems))
            {
                Errors = new Dictionary<string, string[]> { [MultipartFile.PartName] = [.. problems] },
            };
        }

        var template = await db.InTransactionAsync(async ct =>
        {
            var template = new LetterTemplate(
                MultipartFile.SafeFileName(name, ".docx", "letter-template", LetterTemplate.MaxFileNameLength),
                bytes.Length,
                Convert.ToHexStringLower(SHA256.HashData(bytes)),
                scan.Fields,
                User.Subject(),
                clock.GetUtcNow());
            db.LetterTemplates.Add(template);
            db.LetterTemplateContents.Add(new LetterTemplateContent(template.Id, bytes));
            await db.SaveChangesAsync(ct);
            return template;
        }, ct);

        await Send.CreatedAtAsync<GetLetterTemplate>(new { templateId = template.Id }, template.ToResponse(), cancellation: ct);
    }
}
