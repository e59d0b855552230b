using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.Ocr;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.NotesVerbales;

public sealed class UploadNoteVerbale(RegistrationDb db, TimeProvider clock, NoteVerbaleOptions options, OcrOptions ocr, IScannedNoteReading reading) : EndpointWithoutRequest<NoteVerbaleResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegations/{delegationId:guid}/notes-verbales");
        Roles(Role.Secretariat, Role.Delegation);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.Documented(201, typeof(NoteVerbaleResponse), 400, 401, 403, 404, 409, 413, 415, 422).WithFileUpload(ReceivedPdf.PartName, "The note verbale as a PDF.", NoteVerbaleOptions.MaxBytesOf).Idempotent());
        Summary(s =>
        {
            s.Summary = "Upload the delegation's note verbale (PDF)";
            s.Description = "`multipart/form-data` with one part `file` holding the PDF (10 MB at most by default: `413 payload-too-large`). "
                + "Only real PDFs are accepted, judged by their bytes (`415 unsupported-media-type`); an empty file or no `file` part is "
                + "`400 validation-failed`, and so are a second `file` part and a broken multipart body. A file that would cost too much to read (pages, decompressed content, text, "
                + "time: see the configuration) is `422 note-verbale-too-complex`, its `limit` naming which. The upload becomes the delegation's current note and counts beside the earlier ones; every active delegate is checked against "
                + "it in the same transaction, so a failed upload leaves nothing behind. A scan — no text layer, or text on fewer pages than the "
                + "PDF has — answers at once with `textSource: ocr-pending`: OCR reads its pages without text in the background, then the "
                + "note shows `ocr` (or `ocr-failed`) and its delegates are checked again (`note-verbale.updated`). From the deadline on: `409 registration-closed`. "
                + Access.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var delegationId = Route<Guid>("delegationId");

        // Refuse early, before reading up to 10 MB, and read the body before taking the lock below.
        (await db.FindEventAsync(eventId, ct)).EnsureOpen(clock.GetUtcNow());
        await db.FindVisibleDelegationAsync(eventId, delegationId, User, ct);
        var pdf = await ReceivedPdf.ReadAsync(HttpContext.Request, options, ct);

        var (note, matches) = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var delegation = await db.LockVisibleDelegationAsync(eventId, delegationId, User, ct);
            var filed = await db.FileNoteAsync(registration, delegation, pdf, ocr.Enabled, User.Subject(), clock.GetUtcNow(), ct);

            // One SaveChanges, one transaction: the note, its bytes, the current pointer, every match and history line, or nothing.
            await db.SaveChangesAsync(ct);
            return filed;
        }, ct);

        await db.ReadScanAfterCommitAsync(note, reading, ct);
        var response = note.ToResponse(note.Id, matches);
        await Send.CreatedAtAsync<GetNoteVerbale>(new { eventId, delegationId, noteVerbaleId = note.Id }, response, cancellation: ct);
    }
}
