using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.NotesVerbales;

/// <summary>Why the note is retired.</summary>
public sealed class SupersedeNoteVerbaleRequest
{
    /// <summary>For example "Replaced by the corrected note of 16 August 2023".</summary>
    public string Reason { get; init; } = "";
}

public sealed class SupersedeNoteVerbaleValidator : Validator<SupersedeNoteVerbaleRequest>
{
    public SupersedeNoteVerbaleValidator() =>
        RuleFor(r => r.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("reason is required.")
            .MaximumLength(DelegateRegistration.MaxReasonLength)
            .MultiLineText();
}

public sealed class SupersedeNoteVerbale(RegistrationDb db, TimeProvider clock) : Endpoint<SupersedeNoteVerbaleRequest, NoteVerbaleResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegations/{delegationId:guid}/notes-verbales/{noteVerbaleId:guid}/supersede");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(NoteVerbaleResponse), 400, 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Retire a note verbale (secretariat)";
            s.Description = "The note no longer names anyone: every active delegate of the delegation is checked again against the notes that "
                + "still count, in the same transaction, and a confirmation by hand that named this note no longer holds. The delegation's "
                + "`currentNoteVerbaleId` becomes its newest note that still counts (or null). Decisions already taken stand; they name "
                + "the note they relied on. A note superseded already: `409 invalid-transition`. Works after the deadline.";
            s.ExampleRequest = new SupersedeNoteVerbaleRequest { Reason = "Replaced by the corrected note verbale of 16 August 2027." };
        });
    }

    public override async Task HandleAsync(SupersedeNoteVerbaleRequest req, CancellationToken ct)
    {
        var noteId = Route<Guid>("noteVerbaleId");
        var (delegation, note) = await db.InTransactionAsync(async ct =>
        {
            var delegation = await db.LockVisibleDelegationAsync(Route<Guid>("eventId"), Route<Guid>("delegationId"), User, ct);
            var note = await db.NotesVerbales.FirstOrDefaultAsync(n => n.Id == noteId && n.DelegationId == delegation.Id, ct)
                ?? throw DomainFailure.NotFound(ErrorCodes.NoteVerbaleNotFound, $"There is no note verbale {noteId} for this delegation.");

            var now = clock.GetUtcNow();
            note.Supersede(req.Reason.Trim(), User.Subject(), now);
            var remaining = new DelegationNotes((await db.NotesThatCountAsync(delegation.Id, ct)).All.Where(n => n.Id != note.Id));
            delegation.ShowCurrent(remaining.Newest);
            var delegates = await db.ActiveDelegatesAsync(delegation.Id, ct);
            foreach (var delegate_ in delegates)
            {
                // The remaining notes' match records stand: neither they nor the delegates changed.
                delegate_.CheckAgainst(remaining, keepConfirmation: true, User.Subject(), now);
            }

            await db.SaveChangesAsync(ct);
            return (delegation, note);
        }, ct);

        var matches = await db.NoteVerbaleMatches.AsNoTracking().Where(m => m.NoteVerbaleId == noteId).ToListAsync(ct);
        await Send.OkAsync(note.ToResponse(delegation.CurrentNoteVerbaleId, matches), ct);
    }
}
