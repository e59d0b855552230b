using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegations;

/// <summary>The delegation's focal point: its e-mail address, or <c>null</c> to remove it.</summary>
public sealed class UpdateDelegationRequest
{
    private readonly string? focalPointEmail;

    /// <summary>The focal point's e-mail address; <c>null</c> removes it (then the delegation gets no e-mail).</summary>
    public string? FocalPointEmail { get => focalPointEmail; init => (focalPointEmail, HasFocalPointEmail) = (value, true); }

    [JsonIgnore]
    public bool HasFocalPointEmail { get; private init; }
}

public sealed class UpdateDelegationValidator : Validator<UpdateDelegationRequest>
{
    public UpdateDelegationValidator()
    {
        RuleFor(r => r.FocalPointEmail).FocalPointEmail();
        RuleFor(r => r).Must(r => r.HasFocalPointEmail).WithName("body").WithMessage("Name focalPointEmail (an address, or null to remove it).");
    }
}

public sealed class UpdateDelegation(RegistrationDb db) : Endpoint<UpdateDelegationRequest, DelegationResponse>
{
    public override void Configure()
    {
        Patch("/events/{eventId:guid}/delegations/{delegationId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(DelegationResponse), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Set the delegation's focal point address";
            s.Description = "Where the e-mails about the delegation go: a note verbale that leaves delegates unmatched, and the reminder three "
                + "days before the registration deadline. `null` removes the address (then none is sent). Allowed after the deadline too. "
                + Access.Rule;
            s.ExampleRequest = new UpdateDelegationRequest { FocalPointEmail = "registration@example.gv.at" };
        });
    }

    public override async Task HandleAsync(UpdateDelegationRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var delegationId = Route<Guid>("delegationId");
        await db.InTransactionAsync(async ct =>
        {
            var delegation = await db.LockVisibleDelegationAsync(eventId, delegationId, User, ct);
            delegation.ReachFocalPointAt(req.FocalPointEmail);
            await db.SaveChangesAsync(ct);
            return delegation;
        }, ct);

        var row = await db.Delegations.AsNoTracking().Where(d => d.Id == delegationId).WithDelegateCount(db.Delegates).FirstAsync(ct);
        await Send.OkAsync(row.ToResponse(), ct);
    }
}
