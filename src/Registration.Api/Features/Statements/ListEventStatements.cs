using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Statements;

public sealed class ListEventStatementsRequest : PageRequest
{
    /// <summary>Only statements in this state.</summary>
    [QueryParam]
    public StatementState? State { get; init; }

    /// <summary>Only statements of this kind.</summary>
    [QueryParam]
    public StatementKind? Kind { get; init; }

    /// <summary>Only statements addressed to this meeting (its code).</summary>
    [QueryParam]
    public string? Meeting { get; init; }
}

public sealed class ListEventStatementsValidator : Validator<ListEventStatementsRequest>
{
    public ListEventStatementsValidator() => this.AddPageRules();
}

public sealed class ListEventStatements(RegistrationDb db) : Endpoint<ListEventStatementsRequest, Page<StatementResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/statements");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<StatementResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "The statements desk: every delegation's statements (secretariat)";
            s.Description = "Oldest first, filtered by `state` (`submitted` is the review queue), `kind` and `meeting`; keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListEventStatementsRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);
        var query = db.Statements.AsNoTracking().Where(s => s.EventId == eventId);
        if (req.State is { } state)
        {
            query = query.Where(s => s.State == state);
        }

        if (req.Kind is { } kind)
        {
            query = query.Where(s => s.Kind == kind);
        }

        if (req.Meeting is { } meeting)
        {
            query = query.Where(s => s.MeetingCode == meeting);
        }

        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(s => s.Id > after);
        }

        var page = await query.OrderBy(s => s.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, s => s.ToResponse(), s => ("", s.Id)), ct);
    }
}
