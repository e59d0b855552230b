using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.NotesVerbales;

/// <summary>The secretariat's confirmation that a note of the delegation names the delegate.</summary>
public sealed class ConfirmNoteVerbaleRequest
{
    /// <summary>A note verbale of the delegate's delegation that is not superseded.</summary>
    public Guid NoteVerbaleId { get; init; }

    /// <summary>Why, for example "Scanned note, page 2 lists Ms. Berger as alternate".</summary>
    public string Comment { get; init; } = "";
}

public sealed class ConfirmNoteVerbaleValidator : Validator<ConfirmNoteVerbaleRequest>
{
    public ConfirmNoteVerbaleValidator()
    {
        RuleFor(r => r.NoteVerbaleId).NotEmpty().WithMessage("noteVerbaleId is required.");
        RuleFor(r => r.Comment).Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("comment is required: say where the note names the delegate.")
            .MaximumLength(DelegateRegistration.MaxReasonLength)
            .MultiLineText();
    }
}

public sealed class ConfirmNoteVerbale(RegistrationDb db, TimeProvider clock) : Endpoint<ConfirmNoteVerbaleRequest, DelegateResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegates/{delegateId:guid}/note-verbale-confirmation");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(DelegateResponse), 400, 401, 403, 404, 409, 412).WithIfMatch());
        Summary(s =>
        {
            s.Summary = "Confirm by hand that the note verbale names a delegate (secretariat)";
            s.Description = "For a scanned or oddly written note, or a name in a hyphenated compound (`partial`). Records who, when, "
                + "which note and the comment; `confirmed` counts as matched for approval while that note counts (a newer note does not "
                + "undo it; superseding the note, or a new name or address, does). `noteVerbaleId` must be a note of the delegation that "
                + "is not superseded (`400`); `409 note-verbale-missing` without a note; only a pending delegate (`409 invalid-transition`). "
                + "Works after the deadline.";
            s.ExampleRequest = new ConfirmNoteVerbaleRequest
            {
                NoteVerbaleId = Guid.Parse("0190f5a0-8c2e-7c6b-9a41-3f2d1c0b5e77"),
                Comment = "Scanned note, page 2 lists Ms. Berger as alternate representative.",
            };
        });
    }

    public override async Task HandleAsync(ConfirmNoteVerbaleRequest req, CancellationToken ct)
    {
        var expected = HttpContext.Request.IfMatchVersion();
        var delegate_ = await db.InTransactionAsync(async ct =>
        {
            var delegate_ = await db.LockVisibleDelegateAsync(Route<Guid>("eventId"), Route<Guid>("delegateId"), User, ct);
            ETags.EnsureMatches(delegate_.Version, expected);
            if (!await db.NotesVerbales.AnyAsync(n => n.Id == req.NoteVerbaleId && n.DelegationId == delegate_.DelegationId, ct))
            {
                throw DomainFailure.NotFound(ErrorCodes.NoteVerbaleNotFound, $"There is no note verbale {req.NoteVerbaleId} for this delegate's delegation.");
            }

            delegate_.ConfirmNoteVerbale(await db.NotesThatCountAsync(delegate_.DelegationId, ct), req.NoteVerbaleId, req.Comment.Trim(), User.Subject(), clock.GetUtcNow());
            await db.SaveConditionallyAsync(delegate_, d => d.Version, expected, ct);
            return delegate_;
        }, ct);

        HttpContext.Response.SetETag(delegate_.Version);
        await Send.OkAsync(delegate_.ToResponse(), ct);
    }
}
