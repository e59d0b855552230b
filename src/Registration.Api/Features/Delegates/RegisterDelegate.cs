using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegates;

/// <summary>A delegate to register.</summary>
public sealed class RegisterDelegateRequest : DelegateFields
{
    /// <summary>The delegate's own e-mail address: unique among the event's active delegates (case-insensitive).</summary>
    [JsonPropertyOrder(DelegateFields.AfterThem)]
    public string Email { get; init; } = "";

    internal DelegateDetails ToDetails() => ToDetails(Email);
}

public sealed class RegisterDelegateValidator : Validator<RegisterDelegateRequest>
{
    public RegisterDelegateValidator()
    {
        this.AddDelegateFieldRules();
        RuleFor(r => r.Email).DelegateEmail();
    }
}

public sealed class RegisterDelegate(RegistrationDb db, TimeProvider clock) : Endpoint<RegisterDelegateRequest, DelegateResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegations/{delegationId:guid}/delegates");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(201, typeof(DelegateResponse), 400, 401, 403, 404, 409).WithETag().Idempotent());
        Summary(s =>
        {
            s.Summary = "Register a delegate";
            s.Description = "Registers a person for the event's meetings; the delegate starts `pending`. " + Access.Rule
                + " `participationMode` must be one the event offers and `meetings` codes of its meetings (default: all), "
                + "else `400 validation-failed`. `409 email-taken` when another active delegate of the event has the address; "
                + "`409 registration-closed` from the deadline on. The `ETag` header carries the version for `If-Match`.";
            s.ExampleRequest = new RegisterDelegateRequest
            {
                Title = "Ms.",
                GivenName = "Anna",
                FamilyName = "Berger",
                JobTitle = "Counsellor",
                Email = "anna.berger@example.gv.at",
                ParticipationMode = ParticipationMode.InPerson,
                Meetings = [Events.ExampleEvent.MeetingCodes[0], Events.ExampleEvent.MeetingCodes[1]],
                Role = DelegationRole.Head,
            };
        });
    }

    public override async Task HandleAsync(RegisterDelegateRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var registered = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var delegation = await db.LockVisibleDelegationAsync(eventId, Route<Guid>("delegationId"), User, ct);

            var now = clock.GetUtcNow();
            var registered = DelegateRegistration.Register(registration, delegation, req.ToDetails(), User.Subject(), now);
            db.Delegates.Add(registered);
            await db.CheckAndRecordAsync(registered, await db.NotesThatCountAsync(delegation, ct), keepConfirmation: false, User.Subject(), now, ct);
            await db.SaveChangesAsync(ct);
            return registered;
        }, ct);

        var response = registered.ToResponse();
        HttpContext.Response.SetETag(registered.Version);
        await Send.CreatedAtAsync<GetDelegate>(new { eventId, delegateId = registered.Id }, response, cancellation: ct);
    }
}
