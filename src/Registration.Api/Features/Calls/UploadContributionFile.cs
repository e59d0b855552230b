using System.Security.Cryptography;
using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Docx;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pdf;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.Calls;

public sealed class UploadContributionFile(RegistrationDb db, TimeProvider clock, UploadLimits limits, NoteVerbaleOptions pdfOptions) : EndpointWithoutRequest<ContributionFileResponse>
{
    public override void Configure()
    {
        Post("/calls/{callId:guid}/contributions/{contributionId:guid}/files");
        Roles(Role.Secretariat, Role.Delegation);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.Documented(201, typeof(ContributionFileResponse), 400, 401, 403, 404, 409, 413, 415, 422)
            .WithFileUpload(MultipartFile.PartName, "The contribution as a PDF or a Word document (DOCX).", services => services.GetRequiredService<UploadLimits>().MaxContributionFileBytes)
            .Idempotent());
        Summary(s =>
        {
            s.Summary = "Add a file (PDF or DOCX) to a contribution";
            s.Description = "`multipart/form-data` with one part `file`. Judged by its bytes, whatever its name: a PDF that parses (read within the note verbale "
                + "limits: beyond one, `422 note-verbale-too-complex`), or a plain DOCX that opens (macro-enabled, encrypted, legacy `.doc` refused); anything "
                + "else is `415`. Larger than `Uploads__MaxContributionFileBytes` (20 MB by default): `413`. From the deadline on: `409 call-closed`. "
                + "A file is published with its contribution. " + CallAccess.Rule;
            s.Responses[409] = "`call-closed`: the deadline has passed.";
            s.Responses[415] = "`unsupported-media-type`: the file is neither a readable PDF nor a plain DOCX (macro-enabled, encrypted and legacy documents are refused).";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        var contributionId = Route<Guid>("contributionId");

        // Refuse early, before reading the body, and read it before the transaction.
        (await db.FindCallAsync(callId, ct)).EnsureOpen(clock.GetUtcNow());
        await db.FindVisibleContributionAsync(callId, contributionId, User, ct);
        var (name, bytes) = await MultipartFile.ReadAsync(HttpContext.Request, limits.MaxContributionFileBytes, "the file", "the PDF or DOCX", ct);
        var (contentType, extension) = await KindOfAsync(bytes, ct);

        var file = await db.InTransactionAsync(async ct =>
        {
            var call = await db.LockCallForWriteAsync(callId, ct);
            call.EnsureOpen(clock.GetUtcNow());
            await db.FindVisibleContributionAsync(callId, contributionId, User, ct);
            var file = new ContributionFile(
                contributionId, MultipartFile.SafeFileName(name, extension, "contribution", ContributionFile.MaxFileNameLength), contentType, bytes.Length,
                Convert.ToHexStringLower(SHA256.HashData(bytes)), User.Subject(), clock.GetUtcNow());
            db.ContributionFiles.Add(file);
            db.ContributionFileContents.Add(new ContributionFileContent(file.Id, bytes));
            await db.SaveChangesAsync(ct);
            return file;
        }, ct);

        await Send.CreatedAtAsync<DownloadContributionFile>(new { callId, contributionId, fileId = file.Id }, file.ToResponse(), cancellation: ct);
    }

    /// <summary>A ZIP or OLE file must be a plain DOCX; anything else must be a PDF that parses.</summary>
    private async Task<(string ContentType, string Extension)> KindOfAsync(byte[] bytes, CancellationToken ct)
    {
        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8) || bytes.AsSpan().StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            WordDocument.EnsurePlainDocx(bytes);
            return (WordDocument.ContentType, ".docx");
        }

        var pdf = await PdfTextExtractor.ExtractAsync(bytes, pdfOptions.ReadingLimits(), ct);
        return pdf.IsPdf
            ? ("application/pdf", ".pdf")
            : throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, "The file is neither a readable PDF nor a Word document (DOCX).");
    }
}
