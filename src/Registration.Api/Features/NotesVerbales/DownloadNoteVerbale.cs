using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Uploads;

namespace Registration.Api.Features.NotesVerbales;

public sealed class DownloadNoteVerbale(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations/{delegationId:guid}/notes-verbales/{noteVerbaleId:guid}/content");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.DocumentedFile("application/pdf", 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Download a note verbale's PDF";
            s.Description = "The exact bytes uploaded, as `application/pdf`, with the original (sanitised) file name in `Content-Disposition`. "
                + "`404 note-verbale-not-found` for an unknown id. " + Access.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var delegation = await db.FindVisibleDelegationAsync(Route<Guid>("eventId"), Route<Guid>("delegationId"), User, ct);
        var noteId = Route<Guid>("noteVerbaleId");
        var file = await db.NotesVerbales.AsNoTracking()
            .Where(n => n.Id == noteId && n.DelegationId == delegation.Id)
            .Join(db.NoteVerbaleContents.AsNoTracking(), n => n.Id, c => c.NoteVerbaleId, (n, c) => new { n.FileName, n.Sha256, c.Bytes })
            .FirstOrDefaultAsync(ct)
            ?? throw DomainFailure.NotFound(ErrorCodes.NoteVerbaleNotFound, $"There is no note verbale {noteId} for this delegation.");

        // The name is cleaned again for notes stored before names were cleaned.
        await FileAnswer.SendAsync(HttpContext.Response, file.Bytes, "application/pdf", ReceivedPdf.SafeFileName(file.FileName), file.Sha256, ct);
    }
}
