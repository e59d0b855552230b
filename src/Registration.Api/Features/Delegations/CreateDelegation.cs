using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegations;

/// <summary>A new delegation.</summary>
public sealed class CreateDelegationRequest
{
    /// <summary>ISO 3166-1 alpha-3 code of the State (upper case), for example <c>AUT</c>. A delegation caller may only name its own.</summary>
    public string Country { get; init; } = "";

    /// <summary>
    /// Optional: the focal point's e-mail address, where the notices about the delegation's notes verbales and the
    /// deadline reminder go (<c>PATCH</c> the delegation to set or change it later).
    /// </summary>
    public string? FocalPointEmail { get; init; }
}

public sealed class CreateDelegationValidator : Validator<CreateDelegationRequest>
{
    public CreateDelegationValidator()
    {
        RuleFor(r => r.Country)
            .NotEmpty().WithMessage("country is required.")
            .Must(Countries.IsKnown).When(r => !string.IsNullOrEmpty(r.Country), ApplyConditionTo.CurrentValidator)
            .WithMessage("country must be the upper-case ISO 3166-1 alpha-3 code of a State (or EUE for the European Union), for example AUT.");
        RuleFor(r => r.FocalPointEmail).FocalPointEmail();
    }
}

public sealed class CreateDelegation(RegistrationDb db, TimeProvider clock) : Endpoint<CreateDelegationRequest, DelegationResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegations");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(201, typeof(DelegationResponse), 400, 401, 403, 404, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Create a State's delegation to an event";
            s.Description = "The secretariat may create any State's delegation; a delegation caller only its own country's "
                + "(another country: `403 forbidden`). A State the event does not admit (its `eligibleCountries`): `400 validation-failed` "
                + "naming `country`. One delegation per State per event: `409 delegation-exists`. "
                + "From the registration deadline on: `409 registration-closed`. `focalPointEmail` (optional) is where the e-mails about the "
                + "delegation's notes verbales and the deadline reminder go.";
            s.ExampleRequest = new CreateDelegationRequest { Country = "AUT", FocalPointEmail = "registration@example.gv.at" };
        });
    }

    public override async Task HandleAsync(CreateDelegationRequest req, CancellationToken ct)
    {
        var delegation = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(Route<Guid>("eventId"), ct);
            if (!User.IsSecretariat() && req.Country != User.DelegationCountry())
            {
                throw new DomainFailure(FailureKind.Forbidden, ErrorCodes.Forbidden, "A delegation may only create its own country's delegation.");
            }

            var delegation = Delegation.Open(registration, req.Country, User.Subject(), clock.GetUtcNow(), req.FocalPointEmail);
            db.Delegations.Add(delegation);
            await db.SaveChangesAsync(ct);
            return delegation;
        }, ct);

        await Send.CreatedAtAsync<GetDelegation>(
            new { eventId = delegation.EventId, delegationId = delegation.Id }, new DelegationRow(delegation, 0).ToResponse(), cancellation: ct);
    }
}
