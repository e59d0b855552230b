using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

/// <summary>What changes in a contribution; what is left out stays.</summary>
public sealed class UpdateContributionRequest
{
    /// <summary><c>publish</c> or <c>withhold</c>: may change at any time, also after the deadline.</summary>
    public Publication? Publication { get; init; }

    /// <summary>The language it is written in (only while the call is open).</summary>
    public OfficialLanguage? Language { get; init; }

    /// <summary>The answers, replacing the earlier ones (only while the call is open).</summary>
    public Dictionary<string, string>? Answers { get; init; }
}

public sealed class UpdateContributionValidator : Validator<UpdateContributionRequest>
{
    public UpdateContributionValidator()
    {
        RuleFor(r => r.Language).IsInEnum().When(r => r.Language is not null)
            .WithMessage($"language must be one of the official languages: {OfficialLanguages.List}.");
        RuleFor(r => r).Must(r => r.Publication is not null || r.Language is not null || r.Answers is not null)
            .WithName("body").WithMessage("Name at least one of publication, language and answers.");
    }
}

public sealed class UpdateContribution(RegistrationDb db, TimeProvider clock) : Endpoint<UpdateContributionRequest, ContributionResponse>
{
    public override void Configure()
    {
        Patch("/calls/{callId:guid}/contributions/{contributionId:guid}");
        Roles(Role.Secretariat, Role.Delegation);
        Description(d => d.Documented(200, typeof(ContributionResponse), 400, 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Change a contribution, or whether it is published";
            s.Description = "The State (or the secretariat) may switch `publication` between `publish` and `withhold` **at any time**, also after the deadline: "
                + "withholding removes the contribution and its files from `GET /calls/{callId}/published` at once (the next read). `language` and `answers` "
                + "change the content, which is refused from the deadline on with `409 call-closed`. " + CallAccess.Rule;
            s.Responses[409] = "`call-closed`: `language` or `answers` changed after the deadline (`publication` alone never is).";
            s.ExampleRequest = new UpdateContributionRequest { Publication = Publication.Withhold };
        });
    }

    public override async Task HandleAsync(UpdateContributionRequest req, CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        var contributionId = Route<Guid>("contributionId");
        var contribution = await db.InTransactionAsync(async ct =>
        {
            var call = await db.LockCallForWriteAsync(callId, ct);
            var contribution = await db.FindVisibleContributionAsync(callId, contributionId, User, ct);
            var now = clock.GetUtcNow();
            if (req.Language is not null || req.Answers is not null)
            {
                call.EnsureOpen(now);
                if (req.Answers is not null)
                {
                    CallRules.EnsureAnswersFit(call, req.Answers);
                }

                contribution.Revise(req.Language, req.Answers, now);
            }

            if (req.Publication is { } publication)
            {
                contribution.Publish(publication, now);
            }

            await db.SaveChangesAsync(ct);
            return contribution;
        }, ct);

        await Send.OkAsync(await contribution.ToResponseAsync(db, ct), ct);
    }
}
