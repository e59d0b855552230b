using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.RemoteSpeaking;

/// <summary>A sitting to plan.</summary>
public sealed class CreateSittingRequest
{
    /// <summary>The meeting's code (for joint meetings, the meeting the sitting belongs to).</summary>
    public string Meeting { get; init; } = "";

    /// <summary>The day, one of the event's days.</summary>
    public DateOnly Date { get; init; }

    /// <summary><c>morning</c> or <c>afternoon</c>.</summary>
    public SittingPeriod? Period { get; init; }

    /// <summary>The sitting's length in minutes (default 180: a three-hour meeting).</summary>
    public int? DurationMinutes { get; init; }

    /// <summary>Minutes allotted to remote statements (default 30), at most the sitting's length.</summary>
    public int? RemoteBudgetMinutes { get; init; }
}

public sealed class CreateSittingValidator : Validator<CreateSittingRequest>
{
    public CreateSittingValidator()
    {
        RuleFor(r => r.Meeting).NotEmpty().WithMessage("meeting is required.");
        RuleFor(r => r.Date).NotEqual(default(DateOnly)).WithMessage("date is required.");
        RuleFor(r => r.Period).NotNull().WithMessage("period is required: morning or afternoon.");
        RuleFor(r => r.DurationMinutes).InclusiveBetween(1, Sitting.MaxDurationMinutes).When(r => r.DurationMinutes is not null);
        RuleFor(r => r.RemoteBudgetMinutes).InclusiveBetween(0, Sitting.MaxDurationMinutes).When(r => r.RemoteBudgetMinutes is not null);
    }
}

public sealed class CreateSitting(RegistrationDb db, TimeProvider clock) : Endpoint<CreateSittingRequest, SittingResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/sittings");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(SittingResponse), 400, 401, 403, 404, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Plan a sitting with its remote-speaking budget (secretariat)";
            s.Responses[409] = "`sitting-exists`: the meeting has a sitting on this date and period already.";
            s.Description = "A meeting's morning or afternoon sitting on one of the event's days, three hours by default, with the minutes "
                + "allotted to statements delivered remotely by online participants (30 by default, as the invitation says; at most the "
                + "sitting's length). One sitting per meeting, date and period: `409 sitting-exists`. A meeting or date not of the event "
                + "is `400 validation-failed`.";
            s.ExampleRequest = new CreateSittingRequest { Meeting = Events.ExampleEvent.MeetingCodes[0], Date = new DateOnly(2027, 9, 6), Period = SittingPeriod.Morning };
        });
    }

    public override async Task HandleAsync(CreateSittingRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var sitting = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var sitting = Sitting.Plan(registration, req.Meeting, req.Date, req.Period!.Value, req.DurationMinutes, req.RemoteBudgetMinutes, User.Subject(), clock.GetUtcNow());
            db.Sittings.Add(sitting);
            await db.SaveChangesAsync(ct);
            return sitting;
        }, ct);

        await Send.CreatedAtAsync<GetSitting>(new { eventId, sittingId = sitting.Id }, sitting.ToResponse(0), cancellation: ct);
    }
}
