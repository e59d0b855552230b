using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Events;

/// <summary>A new joint event.</summary>
public sealed class CreateEventRequest
{
    /// <summary>Unique code: upper-case letters and digits in groups joined by hyphens, for example <c>UNCAC-2023-09</c>.</summary>
    public string Code { get; init; } = "";

    public string Title { get; init; } = "";

    public string Venue { get; init; } = "";

    /// <summary>IANA time zone of the venue, for example <c>Europe/Vienna</c>.</summary>
    public string TimeZone { get; init; } = "";

    /// <summary>First day (<c>YYYY-MM-DD</c>) in the event's time zone.</summary>
    public DateOnly StartDate { get; init; }

    /// <summary>Last day (<c>YYYY-MM-DD</c>) in the event's time zone.</summary>
    public DateOnly EndDate { get; init; }

    /// <summary>
    /// RFC 3339 instant with offset (<c>2023-08-21T23:59:59+02:00</c>), or a date (<c>2023-08-21</c>) meaning the end of
    /// that day in the event's time zone. Must fall before the start date.
    /// </summary>
    public string RegistrationDeadline { get; init; } = "";

    /// <summary>Optional deadline for statements, in the same formats as <c>registrationDeadline</c>.</summary>
    public string? StatementDeadline { get; init; }

    /// <summary>The modes offered; at least one.</summary>
    public List<ParticipationMode> ParticipationModes { get; init; } = [];

    /// <summary>The meetings the registration covers; at least one, codes unique.</summary>
    public List<MeetingInput> Meetings { get; init; } = [];

    /// <summary>
    /// The States that may register (upper-case ISO 3166-1 alpha-3 codes, <c>EUE</c> for the European Union), each once;
    /// omitted or null: every State that can register.
    /// </summary>
    public List<string>? EligibleCountries { get; init; }
}

public sealed class MeetingInput
{
    /// <summary>Code unique within the event, for example <c>EMIC-12</c>.</summary>
    public string Code { get; init; } = "";

    public string Title { get; init; } = "";

    /// <summary>The invitation's reference, optional.</summary>
    public string? Reference { get; init; }
}

public sealed class CreateEventValidator : Validator<CreateEventRequest>
{
    public CreateEventValidator()
    {
        RuleFor(r => r.Code).EventCode();
        RuleFor(r => r.Title).RequiredText(Event.MaxTitleLength);
        RuleFor(r => r.Venue).RequiredText(Event.MaxVenueLength);
        RuleFor(r => r.TimeZone)
            .NotEmpty().WithMessage("timeZone is required.")
            .Must(z => EventTime.TryFindZone(z, out _)).When(r => !string.IsNullOrEmpty(r.TimeZone), ApplyConditionTo.CurrentValidator)
            .WithMessage("timeZone must be an IANA time zone name, for example Europe/Vienna.");
        RuleFor(r => r.StartDate).NotEmpty().WithMessage("startDate is required.");
        RuleFor(r => r.EndDate).NotEmpty().WithMessage("endDate is required.");
        RuleFor(r => r.RegistrationDeadline).NotEmpty().WithMessage("registrationDeadline is required.").Deadline();
        RuleFor(r => r.StatementDeadline).Deadline();
        RuleFor(r => r.ParticipationModes)
            .NotEmpty().WithMessage("participationModes must name at least one mode.")
            .Must(m => m!.Distinct().Count() == m!.Count).When(r => r.ParticipationModes is { Count: > 0 }, ApplyConditionTo.CurrentValidator)
            .WithMessage("participationModes must not repeat a mode.");
        RuleFor(r => r.Meetings).NotEmpty().WithMessage("meetings must hold at least one meeting.");
        RuleForEach(r => r.Meetings).ChildRules(meeting =>
        {
            meeting.RuleFor(m => m.Code).EventCode();
            meeting.RuleFor(m => m.Title).RequiredText(Meeting.MaxTitleLength);
            meeting.RuleFor(m => m.Reference).MaximumLength(Meeting.MaxReferenceLength).SingleLineText();
        });
        RuleFor(r => r.Meetings)
            .Must(m => m!.Select(x => x.Code).Distinct(StringComparer.Ordinal).Count() == m!.Count)
            .When(r => r.Meetings is { Count: > 1 })
            .WithMessage("meetings must not repeat a meeting code.");
        RuleFor(r => r.EligibleCountries).EligibleCountries();

        // The schedule's cross-field rules belong to the domain; report every broken one here at once.
        RuleFor(r => r).Custom((r, context) =>
        {
            if (r.StartDate == default || r.EndDate == default || !EventTime.TryFindZone(r.TimeZone, out var zone)
                || !EventTime.TryParseDeadline(r.RegistrationDeadline, zone, out var deadline))
            {
                return;
            }

            DateTimeOffset? statements = EventTime.TryParseDeadline(r.StatementDeadline, zone, out var s) ? s : null;
            foreach (var (field, message) in Event.ScheduleProblems(r.StartDate, r.EndDate, deadline, statements, zone))
            {
                context.AddFailure(field, message);
            }
        });
    }
}

public sealed class CreateEvent(RegistrationDb db, TimeProvider clock, IRegistrationClosing closing, IStatementClosing statementClosing) : Endpoint<CreateEventRequest, EventResponse>
{
    public override void Configure()
    {
        Post("/events");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(EventResponse), 400, 401, 403, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Create a joint event";
            s.Description = "Secretariat only. Creates one registration for one or more jointly held meetings. "
                + "An event whose registration deadline has already passed is `closed` from the start. A job closes registration "
                + "at the deadline. `eligibleCountries` limits which States may register (delegations and participants); "
                + "left out, every State may. `409 event-code-taken` when the code is in use.";
            s.ExampleRequest = ExampleEvent.Request;
        });
    }

    public override async Task HandleAsync(CreateEventRequest req, CancellationToken ct)
    {
        var zone = EventTime.Zone(req.TimeZone);
        EventTime.TryParseDeadline(req.RegistrationDeadline, zone, out var deadline);
        DateTimeOffset? statements = EventTime.TryParseDeadline(req.StatementDeadline, zone, out var s) ? s : null;

        var (created, now) = await db.InTransactionAsync(async ct =>
        {
            var now = clock.GetUtcNow();
            var created = Event.Create(
                new NewEvent(
                    req.Code,
                    req.Title.Trim(),
                    req.Venue.Trim(),
                    req.TimeZone,
                    req.StartDate,
                    req.EndDate,
                    deadline,
                    statements,
                    req.ParticipationModes,
                    [.. req.Meetings.Select(m => new NewMeeting(m.Code, m.Title.Trim(), string.IsNullOrWhiteSpace(m.Reference) ? null : m.Reference.Trim()))],
                    req.EligibleCountries),
                now);
            db.Events.Add(created);
            await db.SaveChangesAsync(ct);
            return (created, now);
        }, ct);

        // After the event is committed: a job never points at an event that does not exist. Should this step fail,
        // the overdue sweep still closes the event; the write rule does not depend on either.
        await db.AfterCommitAsync(async ct =>
        {
            created.ClosingScheduledAs(closing.Schedule(created.Id, created.RegistrationDeadline));
            if (created.StatementDeadline is { } statements)
            {
                statementClosing.Schedule(created.Id, statements);
            }

            await db.SaveChangesAsync(ct);
        }, ct);

        await Send.CreatedAtAsync<GetEvent>(new { eventId = created.Id }, created.ToResponse(now), cancellation: ct);
    }
}
