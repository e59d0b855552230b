using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

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

        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(ReceivedPdf.SafeFileName(file.FileName)); // also for notes stored before names were cleaned
        var response = HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/pdf";
        response.ContentLength = file.Bytes.Length;
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.ETag = $"\"{file.Sha256.Trim()}\"";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        await response.Body.WriteAsync(file.Bytes, ct);
    }
}
