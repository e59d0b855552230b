using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

/// <summary>A State's contribution on one topic of a call.</summary>
public sealed class SubmitContributionRequest
{
    /// <summary>The contributing State (ISO 3166-1 alpha-3). Required for the secretariat; a delegation may leave it out (its own) and may name no other.</summary>
    public string? Country { get; init; }

    /// <summary>The topic's code.</summary>
    public string Topic { get; init; } = "";

    /// <summary>The official language it is written in: ar, zh, en, fr, ru or es.</summary>
    public OfficialLanguage Language { get; init; }

    /// <summary>The call's structured fields, by key (see the call's <c>fields</c>); any may be left out.</summary>
    public Dictionary<string, string> Answers { get; init; } = [];

    /// <summary><c>publish</c> (the default: published unless the State objects) or <c>withhold</c>.</summary>
    public Publication Publication { get; init; } = Publication.Publish;
}

public sealed class SubmitContributionValidator : Validator<SubmitContributionRequest>
{
    public SubmitContributionValidator()
    {
        RuleFor(r => r.Country).Must(Countries.IsKnown).When(r => r.Country is not null)
            .WithMessage("country must be an upper-case ISO 3166-1 alpha-3 code, for example AUT.");
        RuleFor(r => r.Topic).NotEmpty().WithMessage("topic is required: the code of one of the call's topics.");
        RuleFor(r => r.Language).IsInEnum().WithMessage($"language must be one of the official languages: {OfficialLanguages.List}.");
    }
}

public sealed class SubmitContribution(RegistrationDb db, TimeProvider clock) : Endpoint<SubmitContributionRequest, ContributionResponse>
{
    public override void Configure()
    {
        Post("/calls/{callId:guid}/contributions");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(201, typeof(ContributionResponse), 400, 401, 403, 404, 409).Idempotent());
        Summary(s =>
        {
            s.Summary = "Submit a contribution to a call";
            s.Description = "A delegation for its own State (`country` left out or its own; another is `403 forbidden`), or the secretariat for any (`country` "
                + "required). One contribution per State and topic (`409 contribution-exists`: change it with `PATCH`); `topic` one of the call's codes and "
                + "`answers` keyed by the call's fields (anything else `400`), in one of the six official languages. A State the call does not invite: "
                + "`403 country-not-eligible`. From the deadline on: `409 call-closed`, decided in this write's transaction against the stored deadline "
                + "(read under the call's share lock), whether or not the closing job has run. `publication` is `publish` unless the State objects "
                + "(`withhold`); it can be changed at any time. Files (PDF or DOCX) are added with `POST .../contributions/{contributionId}/files`.";
            s.Responses[403] = "`forbidden`: not the secretariat's or a delegation's operation, or a delegation naming another State; `country-not-eligible`: the call does not invite the State.";
            s.Responses[409] = "`call-closed`: the deadline has passed; `contribution-exists`: the State contributed on this topic already.";
            s.ExampleRequest = new SubmitContributionRequest
            {
                Country = "AUT",
                Topic = ExampleCall.ProcurementTopic,
                Language = OfficialLanguage.En,
                Answers = new()
                {
                    ["successes-and-good-practices"] = "A single electronic procurement platform is used by the federal, regional and municipal levels.",
                    ["challenges"] = "Smaller municipalities lack staff trained in risk-based monitoring of contracts.",
                    ["technical-assistance-needs"] = "Training of procurement officers at the municipal level.",
                    ["lessons-learned"] = "Publishing contract data in open formats helps civil society and auditors detect red flags early.",
                },
                Publication = Publication.Publish,
            };
        });
    }

    public override async Task HandleAsync(SubmitContributionRequest req, CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        var country = User.IsSecretariat() ? req.Country : User.DelegationCountry();
        if (country is null)
        {
            throw DomainFailure.Invalid("country", "country is required when the secretariat submits for a State.");
        }

        if (req.Country is not null && req.Country != country)
        {
            throw new DomainFailure(FailureKind.Forbidden, ErrorCodes.Forbidden, "A delegation submits contributions for its own State only.");
        }

        var response = await db.InTransactionAsync(async ct =>
        {
            var call = await db.LockCallForWriteAsync(callId, ct);
            call.EnsureAdmits(country);
            call.EnsureOpen(clock.GetUtcNow());
            CallRules.EnsureTopic(call, req.Topic);
            CallRules.EnsureAnswersFit(call, req.Answers);
            var contribution = new Contribution(callId, country, req.Topic, req.Language, req.Answers, req.Publication, User.Subject(), clock.GetUtcNow());
            db.Contributions.Add(contribution);
            await db.SaveChangesAsync(ct);
            return contribution.ToResponse([]);
        }, ct);

        await Send.CreatedAtAsync<GetContribution>(new { callId, contributionId = response.Id }, response, cancellation: ct);
    }
}
