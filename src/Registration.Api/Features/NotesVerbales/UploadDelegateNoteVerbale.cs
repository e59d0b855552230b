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

public sealed class UploadDelegateNoteVerbale(RegistrationDb db, TimeProvider clock, NoteVerbaleOptions options, OcrOptions ocr, IScannedNoteReading reading) : EndpointWithoutRequest<NoteVerbaleResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegates/{delegateId:guid}/note-verbale");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.Documented(201, typeof(NoteVerbaleResponse), 400, 401, 403, 404, 409, 413, 415)
            .Produces<NoteVerbaleResponse>(StatusCodes.Status200OK, EndpointDocs.Json)
            .WithFileUpload(ReceivedPdf.PartName, "The note verbale as a PDF.", NoteVerbaleOptions.MaxBytesOf)
            .Idempotent());
        Summary(s =>
        {
            s.Summary = "Upload the note verbale that nominates a delegate (PDF)";
            s.Description = "How a nominee files the note verbale their Government gave them, with their registration: the note is filed "
                + "under the delegate's delegation and every active delegate of it is checked against it, as with the delegation's own "
                + "upload (same checks: `multipart/form-data` with one part `file`, `413`, `415`, `409 registration-closed`; a scan is read by OCR in "
                + "the background, `textSource: ocr-pending` until then). The same "
                + "bytes (SHA-256) already filed for the delegation, and not superseded, are the same note: `200` with that note and "
                + "nothing changes; a new note answers `201`. For the delegate's owner (participant), its delegation and the secretariat; "
                + "anyone else's delegate answers `404`.";
            s.Responses[StatusCodes.Status200OK] = "The delegation already has this note (same SHA-256): nothing was filed.";
            s.Responses[StatusCodes.Status201Created] = "A new note was filed for the delegation.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var delegateId = Route<Guid>("delegateId");

        // Refuse early, before reading up to the size limit, and read the body before taking the locks below.
        (await db.FindEventAsync(eventId, ct)).EnsureOpen(clock.GetUtcNow());
        await db.FindVisibleDelegateAsync(eventId, delegateId, User, ct);
        var pdf = await ReceivedPdf.ReadAsync(HttpContext.Request, options, ct);

        var (created, note, matches, current) = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var delegate_ = await db.LockVisibleDelegateAsync(eventId, delegateId, User, ct);
            var delegation = await db.Delegations.FirstAsync(d => d.Id == delegate_.DelegationId, ct);
            registration.EnsureOpen(clock.GetUtcNow());

            // Several nominees upload the note their Government sent to all of them: under the delegation's lock, the first
            // files it and the others find it.
            var same = await db.NotesVerbales.AsNoTracking()
                .Where(n => n.DelegationId == delegation.Id && n.Sha256 == pdf.Sha256 && n.SupersededAt == null)
                .OrderBy(n => n.Id)
                .FirstOrDefaultAsync(ct);
            if (same is not null)
            {
                var known = await db.NoteVerbaleMatches.AsNoTracking().Where(m => m.NoteVerbaleId == same.Id).ToListAsync(ct);
                return (false, same, known, delegation.CurrentNoteVerbaleId);
            }

            var (note, matches) = await db.FileNoteAsync(registration, delegation, pdf, ocr.Enabled, User.Subject(), clock.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
            return (true, note, matches, (Guid?)note.Id);
        }, ct);

        if (!created)
        {
            await Send.OkAsync(note.ToResponse(current, matches), ct);
            return;
        }

        await db.ReadScanAfterCommitAsync(note, reading, ct);
        var response = note.ToResponse(note.Id, matches);
        await Send.CreatedAtAsync<GetNoteVerbale>(new { eventId, delegationId = note.DelegationId, noteVerbaleId = note.Id }, response, cancellation: ct);
    }
}
