using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Features.Events;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

public sealed class TopicInput
{
    /// <summary>What contributions name the topic by: lower-case letters, digits and hyphens, unique in the call.</summary>
    public string Code { get; init; } = "";

    public string Title { get; init; } = "";
}

public sealed class FieldInput
{
    /// <summary>What answers name the field by: lower-case letters, digits and hyphens, unique in the call.</summary>
    public string Key { get; init; } = "";

    public string Title { get; init; } = "";
}

/// <summary>A new call for written contributions.</summary>
public sealed class CreateCallRequest
{
    /// <summary>The note's reference, unique, for example <c>CU 2024/132(A)/DTA/CEB/TSS</c>.</summary>
    public string Reference { get; init; } = "";

    /// <summary>What the contributions are for, for example the session they prepare.</summary>
    public string Title { get; init; } = "";

    /// <summary>The body the call serves.</summary>
    public string Body { get; init; } = "";

    /// <summary>The topics States may contribute on; at least one.</summary>
    public List<TopicInput> Topics { get; init; } = [];

    /// <summary>The structured fields of a contribution; omitted: the seed's four (successes and good practices, challenges, technical assistance needs, lessons learned).</summary>
    public List<FieldInput>? Fields { get; init; }

    /// <summary>Guidance for States (several lines allowed).</summary>
    public string? Guidance { get; init; }

    /// <summary>IANA time zone a plain-date deadline is read in, for example <c>Europe/Vienna</c>.</summary>
    public string TimeZone { get; init; } = "";

    /// <summary>RFC 3339 instant with offset, or a date (<c>2024-06-07</c>) meaning the end of that day in <c>timeZone</c>.</summary>
    public string Deadline { get; init; } = "";

    /// <summary>The States invited (ISO 3166-1 alpha-3, each once); omitted or null: every State that can sign the Convention.</summary>
    public List<string>? EligibleCountries { get; init; }
}

public sealed class CreateCallValidator : Validator<CreateCallRequest>
{
    public CreateCallValidator()
    {
        RuleFor(r => r.Reference).RequiredText(Call.MaxReferenceLength);
        RuleFor(r => r.Title).RequiredText(Call.MaxTitleLength);
        RuleFor(r => r.Body).RequiredText(Call.MaxTitleLength);
        RuleFor(r => r.Guidance).MaximumLength(Call.MaxGuidanceLength).MultiLineText();
        RuleFor(r => r.TimeZone)
            .Must(z => EventTime.TryFindZone(z, out _)).WithMessage("timeZone must be an IANA time zone name, for example Europe/Vienna.");
        RuleFor(r => r.Deadline).NotEmpty().WithMessage("deadline is required.").Deadline();
        RuleFor(r => r.Topics)
            .NotEmpty().WithMessage("topics must hold at least one topic.")
            .Must(t => t.Count <= Call.MaxTopics).WithMessage($"topics may hold at most {Call.MaxTopics} topics.")
            .Must(t => t.Select(x => x.Code).Distinct(StringComparer.Ordinal).Count() == t.Count).WithMessage("topics must not repeat a code.");
        RuleForEach(r => r.Topics).ChildRules(topic =>
        {
            topic.RuleFor(t => t.Code).Must(CallRules.IsCode).WithMessage($"code must be {CallRules.CodeFormat}.");
            topic.RuleFor(t => t.Title).RequiredText(Call.MaxGuidanceLength);
        });
        RuleFor(r => r.Fields!)
            .Must(f => f.Count is > 0 and <= Call.MaxFields).WithMessage($"fields must hold 1 to {Call.MaxFields} fields, or be left out for the seed's four.")
            .Must(f => f.Select(x => x.Key).Distinct(StringComparer.Ordinal).Count() == f.Count).WithMessage("fields must not repeat a key.")
            .When(r => r.Fields is not null);
        RuleForEach(r => r.Fields).ChildRules(field =>
        {
            field.RuleFor(f => f.Key).Must(CallRules.IsCode).WithMessage($"key must be {CallRules.CodeFormat}.");
            field.RuleFor(f => f.Title).RequiredText(Call.MaxTitleLength);
        });
        RuleFor(r => r.EligibleCountries).EligibleCountries();
    }
}

public sealed class CreateCall(RegistrationDb db, TimeProvider clock, ICallClosing closing) : Endpoint<CreateCallRequest, CallResponse>
{
    public override void Configure()
    {
        Post("/calls");
        Roles(Role.Secretariat);
        Description(d => d.Documented(201, typeof(CallResponse), 400, 401, 403, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Open a call for written contributions";
            s.Description = "Secretariat only. A call has a unique `reference` (`409 call-reference-taken`), the body it serves, topics (each with a `code` "
                + "contributions name), the structured fields each contribution may fill (left out: the seed's four — `successes-and-good-practices`, "
                + "`challenges`, `technical-assistance-needs`, `lessons-learned`), guidance, a `deadline` (an instant, or a date meaning the end of that day in "
                + "`timeZone`) and the States invited (`eligibleCountries`; left out: every State). From the deadline on nothing new is accepted "
                + "(`409 call-closed`), decided in each write's own transaction; a job closes the call at the deadline. "
                + "To send the call to every mission, run a letter template with `callId` (`POST /letter-templates/{templateId}/runs`).";
            s.ExampleRequest = ExampleCall.Request;
        });
    }

    public override async Task HandleAsync(CreateCallRequest req, CancellationToken ct)
    {
        var zone = EventTime.Zone(req.TimeZone);
        EventTime.TryParseDeadline(req.Deadline, zone, out var deadline);
        var (call, now) = await db.InTransactionAsync(async ct =>
        {
            var now = clock.GetUtcNow();
            var call = new Call(
                req.Reference.Trim(), req.Title.Trim(), req.Body.Trim(), string.IsNullOrWhiteSpace(req.Guidance) ? null : req.Guidance.Trim(), req.TimeZone, deadline,
                [.. req.Topics.Select(t => new CallTopic { Code = t.Code, Title = t.Title.Trim() })],
                req.Fields is null ? [.. Call.SeedFields.Select(f => new CallField { Key = f.Key, Title = f.Title })] : [.. req.Fields.Select(f => new CallField { Key = f.Key, Title = f.Title.Trim() })],
                req.EligibleCountries, now);
            db.Calls.Add(call);
            await db.SaveChangesAsync(ct);
            return (call, now);
        }, ct);

        // After the call is committed: a job never points at a call that does not exist; the sweep closes it should this fail.
        await db.AfterCommitAsync(async ct =>
        {
            call.ClosingScheduledAs(closing.Schedule(call.Id, call.Deadline));
            await db.SaveChangesAsync(ct);
        }, ct);

        await Send.CreatedAtAsync<GetCall>(new { callId = call.Id }, call.ToResponse(now), cancellation: ct);
    }
}
