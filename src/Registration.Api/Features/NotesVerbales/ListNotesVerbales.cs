using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.NotesVerbales;

public sealed class ListNotesVerbalesRequest : PageRequest;

public sealed class ListNotesVerbalesValidator : Validator<ListNotesVerbalesRequest>
{
    public ListNotesVerbalesValidator() => this.AddPageRules();
}

public sealed class ListNotesVerbales(RegistrationDb db) : Endpoint<ListNotesVerbalesRequest, Page<NoteVerbaleResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegations/{delegationId:guid}/notes-verbales");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(Page<NoteVerbaleResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List a delegation's notes verbales";
            s.Description = "Newest first; `isCurrent` marks the newest note that is not superseded. Every note not superseded counts for the "
                + "delegates; superseded ones stay listed and downloadable. " + Access.Rule;
        });
    }

    public override async Task HandleAsync(ListNotesVerbalesRequest req, CancellationToken ct)
    {
        var delegation = await db.FindVisibleDelegationAsync(Route<Guid>("eventId"), Route<Guid>("delegationId"), User, ct);
        var query = db.NotesVerbales.AsNoTracking().Where(n => n.DelegationId == delegation.Id);
        if (req.Cursor is not null)
        {
            var before = Keyset.Decode(req.Cursor).Id;
            query = query.Where(n => n.Id < before);
        }

        var notes = await query.OrderByDescending(n => n.Id).Take(req.Take + 1).ToListAsync(ct);
        var ids = notes.ConvertAll(n => n.Id);
        var matches = (await db.NoteVerbaleMatches.AsNoTracking().Where(m => ids.Contains(m.NoteVerbaleId)).ToListAsync(ct))
            .ToLookup(m => m.NoteVerbaleId);

        await Send.OkAsync(
            Keyset.ToPage(notes, req.Take, n => n.ToResponse(delegation.CurrentNoteVerbaleId, matches[n.Id]), n => ("", n.Id)),
            ct);
    }
}
