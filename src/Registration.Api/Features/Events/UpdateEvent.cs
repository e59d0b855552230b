using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Events;

/// <summary>
/// A partial update: only the members present are changed. <c>statementDeadline: null</c> removes the statement
/// deadline and <c>eligibleCountries: null</c> admits every State again; the other members cannot be null.
/// </summary>
public sealed class UpdateEventRequest
{
    private readonly string? title;
    private readonly string? venue;
    private readonly string? registrationDeadline;
    private readonly string? statementDeadline;
    private readonly List<string>? eligibleCountries;

    public string? Title { get => title; init => (title, HasTitle) = (value, true); }

    public string? Venue { get => venue; init => (venue, HasVenue) = (value, true); }

    /// <summary>New registration deadline (instant with offset, or a date meaning the end of that day in the event's time zone).
    /// Moving it into the future re-opens a closed registration.</summary>
    public string? RegistrationDeadline { get => registrationDeadline; init => (registrationDeadline, HasRegistrationDeadline) = (value, true); }

    /// <summary>New statement deadline; <c>null</c> removes it.</summary>
    public string? StatementDeadline { get => statementDeadline; init => (statementDeadline, HasStatementDeadline) = (value, true); }

    /// <summary>
    /// The States that may register from now on (ISO 3166-1 alpha-3, each once); <c>null</c> admits every State again.
    /// Delegations already created stay.
    /// </summary>
    public List<string>? EligibleCountries { get => eligibleCountries; init => (eligibleCountries, HasEligibleCountries) = (value, true); }

    [JsonIgnore]
    public bool HasTitle { get; private init; }

    [JsonIgnore]
    public bool HasVenue { get; private init; }

    [JsonIgnore]
    public bool HasRegistrationDeadline { get; private init; }

    [JsonIgnore]
    public bool HasStatementDeadline { get; private init; }

    [JsonIgnore]
    public bool HasEligibleCountries { get; private init; }
}

public sealed class UpdateEventValidator : Validator<UpdateEventRequest>
{
    public UpdateEventValidator()
    {
        RuleFor(r => r.Title).RequiredText(Event.MaxTitleLength).When(r => r.HasTitle);
        RuleFor(r => r.Venue).RequiredText(Event.MaxVenueLength).When(r => r.HasVenue);
        RuleFor(r => r.RegistrationDeadline).NotEmpty().WithMessage("registrationDeadline cannot be removed.").Deadline()
            .When(r => r.HasRegistrationDeadline);
        RuleFor(r => r.StatementDeadline).Deadline();
        RuleFor(r => r.EligibleCountries).EligibleCountries();
        RuleFor(r => r).Must(r => r.HasTitle || r.HasVenue || r.HasRegistrationDeadline || r.HasStatementDeadline || r.HasEligibleCountries)
            .WithName("body").WithMessage("Name at least one of title, venue, registrationDeadline, statementDeadline, eligibleCountries.");
    }
}

public sealed class UpdateEvent(RegistrationDb db, TimeProvider clock, IRegistrationClosing closing, IStatementClosing statementClosing) : Endpoint<UpdateEventRequest, EventResponse>
{
    public override void Configure()
    {
        Patch("/events/{eventId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(EventResponse), 400, 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Change an event's title, venue, deadlines or eligible countries";
            s.Description = "Secretariat only. Send only the members to change. Moving `registrationDeadline` into the future "
                + "re-opens a closed registration; moving it earlier closes registration at the new time, and moving it into the past closes it at once. The deadline must "
                + "stay before the start date in the event's time zone (`400 validation-failed`). `eligibleCountries` replaces the "
                + "list of States that may register (`null`: every State); delegations already created stay.";
            s.ExampleRequest = new UpdateEventRequest { RegistrationDeadline = "2027-08-27T23:59:59+02:00" };
        });
    }

    public override async Task HandleAsync(UpdateEventRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var (existing, deadlineBefore, statementDeadlineBefore, now) = await db.InTransactionAsync(async ct =>
        {
            var existing = await db.Events.FirstOrDefaultAsync(e => e.Id == eventId, ct)
                ?? throw Access.EventNotFound(eventId);
            var now = clock.GetUtcNow();
            var closesNow = Apply(existing, req, now);
            var deadlineBefore = db.Entry(existing).Property(e => e.RegistrationDeadline).OriginalValue;
            var statementDeadlineBefore = db.Entry(existing).Property(e => e.StatementDeadline).OriginalValue;
            await db.SaveChangesAsync(ct);

            // Moved into the past: registration closes now, in this transaction (the job for the new deadline finds it
            // closed). After the UPDATE above, so the counts include every write that held the event's share lock.
            if (closesNow && await CloseRegistration.CloseAsync(db, eventId, existing.RegistrationDeadline, now, ct))
            {
                await db.Entry(existing).ReloadAsync(ct);
            }

            return (existing, deadlineBefore, statementDeadlineBefore, now);
        }, ct);

        if (existing.StatementDeadline is { } statements && existing.StatementDeadline != statementDeadlineBefore)
        {
            // A job left for an old statement deadline changes nothing when it runs.
            statementClosing.Schedule(existing.Id, statements);
        }

        if (existing.RegistrationDeadline != deadlineBefore)
        {
            // The closing job follows the deadline, earlier or later; a job left for the old deadline would change nothing.
            closing.Cancel(existing.ClosingJobId);
            existing.ClosingScheduledAs(closing.Schedule(existing.Id, existing.RegistrationDeadline));
            await db.SaveChangesAsync(ct);
        }

        await Send.OkAsync(existing.ToResponse(now), ct);
    }

    /// <summary>Applies the members present; returns true when the new deadline closes an open registration at once.</summary>
    private static bool Apply(Event existing, UpdateEventRequest req, DateTimeOffset now)
    {
        if (req.HasTitle)
        {
            existing.Rename(req.Title!.Trim(), now);
        }

        if (req.HasVenue)
        {
            existing.MoveTo(req.Venue!.Trim(), now);
        }

        if (req.HasEligibleCountries)
        {
            existing.RestrictTo(req.EligibleCountries, now);
        }

        if (!req.HasRegistrationDeadline && !req.HasStatementDeadline)
        {
            return false;
        }

        var zone = existing.TimeZone;
        var deadline = existing.RegistrationDeadline;
        if (req.HasRegistrationDeadline)
        {
            EventTime.TryParseDeadline(req.RegistrationDeadline, zone, out deadline);
        }

        var statements = existing.StatementDeadline;
        if (req.HasStatementDeadline)
        {
            statements = EventTime.TryParseDeadline(req.StatementDeadline, zone, out var s) ? s : null;
        }

        return existing.Reschedule(deadline, statements, now);
    }
}
