using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Problems;

namespace Registration.Api.Features.Registrations;

/// <summary>A participant registering themselves: the delegate's fields, the State they belong to, and optionally their address.</summary>
public sealed class RegisterSelfRequest : DelegateFields
{
    /// <summary>ISO 3166-1 alpha-3 code of the State whose delegation the participant joins (upper case), for example <c>AUT</c>.</summary>
    [JsonPropertyOrder(AfterThem)]
    public string Country { get; init; } = "";

    /// <summary>Optional: the address is the token's (<c>email</c> claim); one sent here must be that same address, case aside.</summary>
    [JsonPropertyOrder(AfterThem)]
    public string? Email { get; init; }
}

public sealed class RegisterSelfValidator : Validator<RegisterSelfRequest>
{
    public RegisterSelfValidator()
    {
        this.AddDelegateFieldRules();
        RuleFor(r => r.Country)
            .NotEmpty().WithMessage("country is required.")
            .Must(Countries.IsKnown).When(r => !string.IsNullOrEmpty(r.Country), ApplyConditionTo.CurrentValidator)
            .WithMessage("country must be the upper-case ISO 3166-1 alpha-3 code of a State (or EUE for the European Union), for example AUT.");
        RuleFor(r => r.Email).DelegateEmail().When(r => r.Email is not null);
    }
}

public sealed class RegisterSelf(RegistrationDb db, TimeProvider clock) : Endpoint<RegisterSelfRequest, DelegateResponse>
{
    private const string AlreadyRegistered =
        "Your e-mail address is registered for this event already (by you or your delegation); withdraw that registration first to register anew.";

    public override void Configure()
    {
        Post("/events/{eventId:guid}/registrations");
        Roles(Role.Participant);
        // The participant index means already-registered everywhere; here the address index does too: the address is the person's.
        Description(d => d.Documented(201, typeof(DelegateResponse), 400, 401, 403, 404, 409).WithETag()
            .WithMetadata(new UniqueViolationMeaning(DelegateRegistrationConfiguration.ActiveEmailIndex, ErrorCodes.AlreadyRegistered, AlreadyRegistered))
            .Idempotent());
        Summary(s =>
        {
            s.Summary = "Register yourself as a delegate (participant)";
            s.Description = "Participants only. Registers the caller as a `pending` delegate of `country`'s delegation, which is "
                + "created on first use; the address is the token's `email` (another one in the body: `400 validation-failed`). "
                + "The delegate is checked against the delegation's notes verbales like any other, and the caller reads, edits and "
                + "withdraws it at `Location`. A State the event does not admit (`eligibleCountries`) or an unknown code: "
                + "`400 validation-failed` naming `country`. One active registration per person and event: `409 already-registered` "
                + "when the caller, or an active delegate with the same address, is registered already. From the deadline on: "
                + "`409 registration-closed`. Unknown event: `404 event-not-found`.";
            s.ExampleRequest = new RegisterSelfRequest
            {
                Title = "Mr.",
                GivenName = "Lukas",
                FamilyName = "Huber",
                JobTitle = "Legal Adviser",
                ParticipationMode = ParticipationMode.Online,
                Meetings = [Events.ExampleEvent.MeetingCodes[1]],
                Role = DelegationRole.Adviser,
                Country = "AUT",
            };
        });
    }

    public override async Task HandleAsync(RegisterSelfRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var email = ParticipantAddress.Of(User, req.Email);
        var registered = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var now = clock.GetUtcNow();
            var delegation = await JoinOrOpenDelegationAsync(registration, req.Country, now, ct);

            var registered = DelegateRegistration.Register(registration, delegation, req.ToDetails(email), User.Subject(), now, participantSubject: User.Subject());
            db.Delegates.Add(registered);
            await db.CheckAndRecordAsync(registered, await db.NotesThatCountAsync(delegation, ct), keepConfirmation: false, User.Subject(), now, ct);
            await db.SaveChangesAsync(ct);
            return registered;
        }, ct);

        var response = registered.ToResponse();
        HttpContext.Response.SetETag(registered.Version);
        await Send.CreatedAtAsync<GetDelegate>(new { eventId, delegateId = registered.Id }, response, cancellation: ct);
    }

    /// <summary>
    /// The country's delegation, locked and read (after the event's share lock: always event, then delegation), created
    /// if it does not exist yet. Created exactly once however many participants race: the unique index on
    /// (event_id, country) makes every insert but the first do nothing — one that meets an uncommitted insert waits for
    /// it — and the locking read that follows, a new snapshot, sees the one row. <see cref="Delegation.Open"/> decides
    /// whether the country may have a delegation at all (registration open, country admitted), whether or not it has one.
    /// </summary>
    private async Task<Delegation> JoinOrOpenDelegationAsync(Event registration, string country, DateTimeOffset now, CancellationToken ct)
    {
        var opened = Delegation.Open(registration, country, User.Subject(), now);
        if (await LockDelegationAsync(registration.Id, country, ct) is { } existing)
        {
            return existing;
        }

        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO delegations (id, event_id, country, created_by, created_at)
            VALUES ({opened.Id}, {opened.EventId}, {opened.Country}, {opened.CreatedBy}, {opened.CreatedAt})
            ON CONFLICT (event_id, country) DO NOTHING
            """,
            ct);
        return await LockDelegationAsync(registration.Id, country, ct)
            ?? throw new InvalidOperationException($"The delegation of {country} was neither found nor created.");
    }

    private Task<Delegation?> LockDelegationAsync(Guid eventId, string country, CancellationToken ct) =>
        db.Delegations.FromSql($"SELECT *, xmin FROM delegations WHERE event_id = {eventId} AND country = {country} FOR NO KEY UPDATE")
            .AsNoTracking().Where(d => d.EventId == eventId && d.Country == country).FirstOrDefaultAsync(ct);
}
