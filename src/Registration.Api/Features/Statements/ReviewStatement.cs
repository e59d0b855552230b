using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Statements;

/// <summary>Why the secretariat returns a statement.</summary>
public sealed class ReturnStatementRequest
{
    /// <summary>What the delegation should change (it may upload a new version).</summary>
    public string Reason { get; init; } = "";
}

public sealed class ReturnStatementValidator : Validator<ReturnStatementRequest>
{
    public ReturnStatementValidator() =>
        RuleFor(r => r.Reason).NotEmpty().WithMessage("reason is required.").MaximumLength(Statement.MaxReasonLength).MultiLineText();
}

/// <summary>The review transitions share one shape: the statement read for update, the transition, one save guarded by xmin.</summary>
internal static class StatementReview
{
    public static async Task<Statement> ApplyAsync(RegistrationDb db, Guid eventId, Guid statementId, Action<Statement> transition, CancellationToken ct) =>
        await db.InTransactionAsync(async ct =>
        {
            var statement = await db.Statements.FirstOrDefaultAsync(s => s.Id == statementId && s.EventId == eventId, ct)
                ?? throw StatementMapping.NotFound(statementId);
            transition(statement);
            await db.SaveChangesAsync(ct);
            return statement;
        }, ct);
}

public sealed class AcceptStatement(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/statements/{statementId:guid}/accept");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(StatementResponse), 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Accept a statement (secretariat)";
            s.Responses[404] = "`statement-not-found`.";
            s.Responses[409] = "`invalid-transition`: the statement is not in a state this step starts from.";
            s.Description = "`submitted` or `returned` → `accepted`; a published statement is `409 invalid-transition`. Works after the statement deadline.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync((await StatementReview.ApplyAsync(db, Route<Guid>("eventId"), Route<Guid>("statementId"), s => s.Accept(User.Subject(), clock.GetUtcNow()), ct)).ToResponse(), ct);
}

public sealed class ReturnStatement(RegistrationDb db, TimeProvider clock) : Endpoint<ReturnStatementRequest, StatementResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/statements/{statementId:guid}/return");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(StatementResponse), 400, 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Return a statement with a reason (secretariat)";
            s.Responses[404] = "`statement-not-found`.";
            s.Responses[409] = "`invalid-transition`: the statement is not in a state this step starts from.";
            s.Description = "`submitted` or `accepted` → `returned`, with `returnReason`; a published statement is `409 invalid-transition`. "
                + "The delegation may upload a new version until the statement deadline.";
            s.ExampleRequest = new ReturnStatementRequest { Reason = "The video lacks the transcript's last paragraph; please upload both again." };
        });
    }

    public override async Task HandleAsync(ReturnStatementRequest req, CancellationToken ct) =>
        await Send.OkAsync((await StatementReview.ApplyAsync(db, Route<Guid>("eventId"), Route<Guid>("statementId"), s => s.Return(User.Subject(), req.Reason.Trim(), clock.GetUtcNow()), ct)).ToResponse(), ct);
}

public sealed class PublishStatement(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/statements/{statementId:guid}/publish");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(StatementResponse), 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "Publish an accepted statement on the session's page (secretariat)";
            s.Responses[404] = "`statement-not-found`.";
            s.Responses[409] = "`invalid-transition`: the statement is not in a state this step starts from.";
            s.Description = "Only an `accepted` statement can be published (`409 invalid-transition` otherwise); it is then listed and served to "
                + "anyone by `GET /events/{eventId}/published-statements`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync((await StatementReview.ApplyAsync(db, Route<Guid>("eventId"), Route<Guid>("statementId"), s => s.Publish(User.Subject(), clock.GetUtcNow()), ct)).ToResponse(), ct);
}
