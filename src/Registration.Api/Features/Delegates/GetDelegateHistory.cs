using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Delegates;

public sealed class GetDelegateHistoryRequest : PageRequest;

public sealed class GetDelegateHistoryValidator : Validator<GetDelegateHistoryRequest>
{
    public GetDelegateHistoryValidator() => this.AddPageRules();
}

/// <summary>One change to a delegate.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="At">When (UTC).</param>
/// <param name="By">Who (the token's <c>sub</c>).</param>
/// <param name="Action">What happened.</param>
/// <param name="StatusBefore">The delegate's status before; null for the registration itself.</param>
/// <param name="StatusAfter">The delegate's status after.</param>
/// <param name="NoteVerbaleStatusBefore">The note verbale check before; null for the registration itself.</param>
/// <param name="NoteVerbaleStatusAfter">The note verbale check after.</param>
/// <param name="NoteVerbaleId">The note verbale concerned, if any.</param>
/// <param name="Detail">The reason, comment or note, if any.</param>
public sealed record HistoryEntryResponse(
    Guid Id,
    DateTimeOffset At,
    string By,
    DelegateAction Action,
    DelegateStatus? StatusBefore,
    DelegateStatus StatusAfter,
    NoteVerbaleStatus? NoteVerbaleStatusBefore,
    NoteVerbaleStatus NoteVerbaleStatusAfter,
    Guid? NoteVerbaleId,
    string? Detail);

public sealed class GetDelegateHistory(RegistrationDb db) : Endpoint<GetDelegateHistoryRequest, Page<HistoryEntryResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegates/{delegateId:guid}/history");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<HistoryEntryResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "A delegate's audit trail (secretariat)";
            s.Description = "Every change of the delegate, oldest first: registration, edits, note verbale checks and confirmations, "
                + "decisions, withdrawal — who, what, when, and the statuses before and after.";
        });
    }

    public override async Task HandleAsync(GetDelegateHistoryRequest req, CancellationToken ct)
    {
        var delegate_ = await db.FindVisibleDelegateAsync(Route<Guid>("eventId"), Route<Guid>("delegateId"), User, ct);
        var query = db.DelegateHistory.AsNoTracking().Where(h => h.DelegateId == delegate_.Id);
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(h => h.Id > after);
        }

        var entries = await query.OrderBy(h => h.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(
            Keyset.ToPage(
                entries,
                req.Take,
                h => new HistoryEntryResponse(
                    h.Id, h.At.ToUniversalTime(), h.By, h.Action, h.StatusBefore, h.StatusAfter, h.NoteVerbaleStatusBefore, h.NoteVerbaleStatusAfter, h.NoteVerbaleId, h.Detail),
                h => ("", h.Id)),
            ct);
    }
}
