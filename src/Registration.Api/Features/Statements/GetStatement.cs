using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Statements;

public sealed class GetStatement(RegistrationDb db) : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/statements/{statementId:guid}");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(StatementResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read a statement";
            s.Description = "`404 statement-not-found` for an unknown id. " + StatementAccess.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct) =>
        await Send.OkAsync((await db.FindVisibleStatementAsync(Route<Guid>("eventId"), Route<Guid>("statementId"), User, ct)).ToResponse(), ct);
}
