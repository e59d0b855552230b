using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Decisions;

/// <summary>A rejection and its reason, which the delegation reads.</summary>
public sealed class RejectDelegateRequest
{
    /// <summary>Why the registration is rejected.</summary>
    public string Reason { get; init; } = "";
}

public sealed class RejectDelegateValidator : Validator<RejectDelegateRequest>
{
    public RejectDelegateValidator() =>
        RuleFor(r => r.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithMessage("reason is required.")
            .MaximumLength(DelegateRegistration.MaxReasonLength)
            .MultiLineText();
}

public sealed class RejectDelegate(RegistrationDb db, TimeProvider clock) : Endpoint<RejectDelegateRequest, DelegateResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegates/{delegateId:guid}/reject");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(DelegateResponse), 400, 401, 403, 404, 409, 412).WithIfMatch());
        Summary(s =>
        {
            s.Summary = "Reject a delegate, with a reason (secretariat)";
            s.Description = "Only a pending delegate (`409 invalid-transition` otherwise); the reason is required. The decision records "
                + "who, when, the reason and the note verbale the delegate was checked against, if any. The e-mail address becomes free. Optional `If-Match`. "
                + "Works after the deadline.";
            s.ExampleRequest = new RejectDelegateRequest { Reason = "Not named in the note verbale of 14 August 2023; please upload a corrected note." };
        });
    }

    public override async Task HandleAsync(RejectDelegateRequest req, CancellationToken ct)
    {
        var expected = HttpContext.Request.IfMatchVersion();
        var delegate_ = await db.InTransactionAsync(async ct =>
        {
            var delegate_ = await db.LockVisibleDelegateAsync(Route<Guid>("eventId"), Route<Guid>("delegateId"), User, ct);
            ETags.EnsureMatches(delegate_.Version, expected);

            delegate_.Reject(req.Reason.Trim(), await db.NotesThatCountAsync(delegate_.DelegationId, ct), User.Subject(), clock.GetUtcNow());
            await db.SaveConditionallyAsync(delegate_, d => d.Version, expected, ct);
            return delegate_;
        }, ct);

        var response = delegate_.ToResponse();
        HttpContext.Response.SetETag(delegate_.Version);
        await Send.OkAsync(response, ct);
    }
}
