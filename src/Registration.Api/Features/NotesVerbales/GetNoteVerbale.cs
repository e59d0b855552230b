using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.NotesVerbales;

public sealed class GetNoteVerbale(RegistrationDb db) : EndpointWithoutRequest<NoteVerbaleResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations/{delegationId:guid}/notes-verbales/{noteVerbaleId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(NoteVerbaleResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a note verbale's record";
            s.Description = "Its file name, size, SHA-256, upload, where its text comes from (`textSource`: its text layer, or OCR for a scan, "
                + "read in the background after the upload: `ocr-pending`, then `ocr` or `ocr-failed`) and matches; the bytes are at `.../content`. "
                + "The secretariat also gets the text page by page (`text`), the recognised text of scanned pages included, to check what OCR read. "
                + "`404 note-verbale-not-found` for an unknown id. " + Access.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var delegation = await db.FindVisibleDelegationAsync(Route<Guid>("eventId"), Route<Guid>("delegationId"), User, ct);
        var noteId = Route<Guid>("noteVerbaleId");
        var note = await db.NotesVerbales.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteId && n.DelegationId == delegation.Id, ct)
            ?? throw DomainFailure.NotFound(ErrorCodes.NoteVerbaleNotFound, $"There is no note verbale {noteId} for this delegation.");
        var matches = await db.NoteVerbaleMatches.AsNoTracking().Where(m => m.NoteVerbaleId == noteId).ToListAsync(ct);
        await Send.OkAsync(note.ToResponse(delegation.CurrentNoteVerbaleId, matches, withText: User.IsSecretariat()), ct);
    }
}
