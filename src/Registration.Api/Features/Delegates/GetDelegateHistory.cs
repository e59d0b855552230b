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
/// <param name="Sequence">1, 2, 3, ... in the order the changes happened.</param>
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
    int Sequence,
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
            if (!int.TryParse(Keyset.Decode(req.Cursor).Key, System.Globalization.CultureInfo.InvariantCulture, out var after))
            {
                throw DomainFailure.Invalid("cursor", "cursor does not belong to this list; start again without it.");
            }

            query = query.Where(h => h.Sequence > after);
        }

        var entries = await query.OrderBy(h => h.Sequence).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(
            Keyset.ToPage(
                entries,
                req.Take,
                h => new HistoryEntryResponse(
                    h.Id, h.Sequence, h.At.ToUniversalTime(), h.By, h.Action, h.StatusBefore, h.StatusAfter, h.NoteVerbaleStatusBefore, h.NoteVerbaleStatusAfter, h.NoteVerbaleId, h.Detail),
                h => (h.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Id)),
            ct);
    }
}
