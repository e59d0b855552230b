using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Letters;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Letters;

/// <summary>A run of a letter template: the values every letter gets, and whom it writes to.</summary>
public sealed class CreateLetterRunRequest
{
    /// <summary>The letters' reference (<c>[[[Reference]]]</c>), for example <c>CU 2024/132(A)/DTA/CEB/TSS</c>.</summary>
    public string? Reference { get; init; }

    /// <summary>What the letters are about (<c>[[[Subject]]]</c>), also the e-mails' subject.</summary>
    public string? Subject { get; init; }

    /// <summary>The letters' date (<c>YYYY-MM-DD</c>); its weekday is computed, never typed.</summary>
    public DateOnly Date { get; init; }

    /// <summary>The deadline the letters state (<c>YYYY-MM-DD</c>), if any; its weekday is computed too.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>The States to write to (ISO 3166-1 alpha-3 codes, each once); omitted or null: every mission in the directory (with <c>callId</c>: every mission the call invites).</summary>
    public List<string>? Countries { get; init; }

    /// <summary>
    /// The call for contributions the letters announce, if any: its reference, title (as subject) and deadline (the date in the call's time zone) are
    /// the run's unless given here, and the letters go to the missions of the States it invites.
    /// </summary>
    public Guid? CallId { get; init; }
}

public sealed class CreateLetterRunValidator : Validator<CreateLetterRunRequest>
{
    public CreateLetterRunValidator()
    {
        RuleFor(r => r.Reference).MaximumLength(LetterRun.MaxReferenceLength).SingleLineText();
        RuleFor(r => r.Subject).MaximumLength(LetterRun.MaxSubjectLength).SingleLineText();
        RuleFor(r => r.Date).NotEmpty().WithMessage("date is required: the letters' date, for example 2024-05-13.");
        RuleFor(r => r.Countries)
            .Must(c => c!.Count > 0).WithMessage("countries must name at least one State, or be left out for every mission.")
            .Must(c => c!.Distinct(StringComparer.Ordinal).Count() == c!.Count).WithMessage("countries must not repeat a State.")
            .When(r => r.Countries is not null);
        RuleForEach(r => r.Countries).Must(Domain.Countries.IsKnown)
            .WithMessage("'{PropertyValue}' is not an upper-case ISO 3166-1 alpha-3 code of a State that can sign the Convention.");
    }
}

public sealed class CreateLetterRun(RegistrationDb db, TimeProvider clock) : Endpoint<CreateLetterRunRequest, LetterRunResponse>
{
    public override void Configure()
    {
        Post("/letter-templates/{templateId:guid}/runs");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(LetterRunResponse), 400, 401, 403, 404).Idempotent());
        Summary(s =>
        {
            s.Summary = "Run a letter template for the missions";
            s.Description = "Secretariat only. Merges the template for every selected mission (`countries`; left out: every mission in the directory) with "
                + "the run's own values: `reference`, `subject`, `date` and `deadline`. Weekdays are computed from the dates (`[[[DateWithWeekday]]]`: "
                + "Monday, 13 May 2024), never typed. The answer reports, **per mission and before anything is produced or sent**, the template's fields "
                + "that have no value (`letters[].missing`) and the addresses the letter would be e-mailed to; `complete` says whether every letter can be "
                + "produced. The letters themselves are merged on request from the template and the missions' records as they stand: "
                + "`GET /letter-runs/{runId}/letters/{country}` (one DOCX), `GET /letter-runs/{runId}/letters.zip` (all of them), and "
                + "`POST /letter-runs/{runId}/send` e-mails each mission its letter. With `callId` the run announces a call for contributions: the call's "
                + "`reference`, `title` (as `subject`) and deadline (its date in the call's time zone) fill what the request leaves out, and by default the "
                + "letters go to the missions of the States the call invites. `404 letter-template-not-found` for an unknown template.";
            s.ExampleRequest = new CreateLetterRunRequest
            {
                Reference = "CU 2024/132(A)/DTA/CEB/TSS",
                Subject = "Fifteenth session of the Working Group on the Prevention of Corruption",
                Date = new DateOnly(2024, 5, 13),
                Deadline = new DateOnly(2024, 6, 7),
            };
        });
    }

    public override async Task HandleAsync(CreateLetterRunRequest req, CancellationToken ct)
    {
        var templateId = Route<Guid>("templateId");
        // The answer is read inside the unit: with an Idempotency-Key the commit is held until the answer is stored.
        var response = await db.InTransactionAsync(async ct =>
        {
            var template = await db.LetterTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct) ?? throw LetterMapping.TemplateNotFound(templateId);
            var call = req.CallId is { } callId
                ? await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainFailure.Invalid("callId", $"There is no call for contributions with id {callId}.")
                : null;
            var invited = call?.EligibleCountries;
            var countries = req.Countries ?? await db.Missions.AsNoTracking()
                .Where(m => invited == null || invited.Contains(m.Country))
                .OrderBy(m => m.Country).Select(m => m.Country).ToListAsync(ct);
            if (countries.Count == 0)
            {
                throw DomainFailure.Invalid("countries", "The missions directory has no mission to write to: add missions (POST /missions or /missions/import) or name the countries.");
            }

            DateOnly? callDeadline = call is null ? null : DateOnly.FromDateTime(EventTime.InZone(call.Deadline, EventTime.Zone(call.TimeZoneId)).DateTime);
            var run = new LetterRun(
                templateId,
                new LetterRunValues(Blank(req.Reference) ?? call?.Reference, Blank(req.Subject) ?? call?.Title, req.Date, req.Deadline ?? callDeadline),
                call?.Id,
                countries,
                User.Subject(),
                clock.GetUtcNow());
            db.LetterRuns.Add(run);
            await db.SaveChangesAsync(ct);
            return await (await LetterRunPlan.PlanAsync(db, run, template, ct)).ToResponseAsync(db, ct);
        }, ct);

        await Send.CreatedAtAsync<GetLetterRun>(new { runId = response.Id }, response, cancellation: ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
