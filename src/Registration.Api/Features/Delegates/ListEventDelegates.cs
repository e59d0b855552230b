using System.ComponentModel;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Delegates;

public sealed class ListEventDelegatesRequest : PageRequest
{
    [QueryParam]
    [Description("Only delegates with this status.")]
    public DelegateStatus? Status { get; init; }

    [QueryParam]
    [Description("Only delegates of this State (ISO 3166-1 alpha-3, upper case).")]
    public string? Country { get; init; }

    [QueryParam]
    [Description("Only delegates taking part this way.")]
    public ParticipationMode? ParticipationMode { get; init; }

    [QueryParam]
    [Description("Part of a name or e-mail address; case and diacritics are ignored (\"muller\" finds \"Müller\").")]
    public string? Q { get; init; }
}

public sealed class ListEventDelegatesValidator : Validator<ListEventDelegatesRequest>
{
    public ListEventDelegatesValidator()
    {
        this.AddPageRules();
        RuleFor(r => r.Country).Must(Countries.IsKnown).When(r => r.Country is not null)
            .WithMessage("country must be an upper-case ISO 3166-1 alpha-3 code, for example AUT.");
        RuleFor(r => r.Q).Must(q => q is null || (q.Trim().Length is > 0 and <= 200))
            .WithMessage("q must be 1 to 200 characters.")
            .SingleLineText();
    }
}

public sealed class ListEventDelegates(RegistrationDb db) : Endpoint<ListEventDelegatesRequest, Page<DelegateResponse>>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/delegates");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<DelegateResponse>), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "List and search an event's delegates (secretariat)";
            s.Description = "Secretariat only. Filters combine (`status`, `country`, `participationMode`, `q`). Ordered by id "
                + "(UUIDv7, so by registration time to the millisecond); keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListEventDelegatesRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var page = req is { Country: null, ParticipationMode: null } && string.IsNullOrWhiteSpace(req.Q)
            ? await ReadPageByStatusAsync(eventId, req, ct)
            : await ReadFilteredPageAsync(eventId, req, ct);
        if (page.Count == 0)
        {
            // Only an empty page needs to ask: a delegate belongs to an event that exists.
            await db.EnsureEventExistsAsync(eventId, ct);
        }

        await Send.OkAsync(Keyset.ToPage(page, req.Take, d => d.ToResponse(), d => ("", d.Id)), ct);
    }

    // The pages the secretariat and client apps poll (all delegates, or those of one status) are compiled once, so a
    // request skips building, hashing and looking up the LINQ query. The first page starts after the empty id, which
    // no delegate has, so both kinds of page are one statement each.
    // Each page is a range of its own index, (event_id, id) or (event_id, status, id), written as row comparisons and
    // ordered by all of its columns. With "event_id = $1 AND status = $2" PostgreSQL would know the order to be the
    // primary key's and could walk that key and filter, which reads as many rows as it skips to fill a page: what stale
    // statistics right after a registration rush, or a status that has become rare, make it choose. Here only the
    // index yields the order without a sort, so the plan cannot flip (ListPlanTests explains it on stale statistics).
    private static readonly Func<RegistrationDb, Guid, Guid, int, IAsyncEnumerable<DelegateRegistration>> PageOfAll =
        EF.CompileAsyncQuery((RegistrationDb db, Guid eventId, Guid after, int take) =>
            db.Delegates.AsNoTracking()
                .Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.EventId, d.Id), ValueTuple.Create(eventId, after))
                    && EF.Functions.LessThanOrEqual(ValueTuple.Create(d.EventId, d.Id), ValueTuple.Create(eventId, LastId)))
                .OrderBy(d => d.EventId).ThenBy(d => d.Id).Take(take));

    private static readonly Func<RegistrationDb, Guid, DelegateStatus, Guid, int, IAsyncEnumerable<DelegateRegistration>> PageOfStatus =
        EF.CompileAsyncQuery((RegistrationDb db, Guid eventId, DelegateStatus status, Guid after, int take) =>
            db.Delegates.AsNoTracking()
                .Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.EventId, d.Status, d.Id), ValueTuple.Create(eventId, status, after))
                    && EF.Functions.LessThanOrEqual(ValueTuple.Create(d.EventId, d.Status, d.Id), ValueTuple.Create(eventId, status, LastId)))
                .OrderBy(d => d.EventId).ThenBy(d => d.Status).ThenBy(d => d.Id).Take(take));

    /// <summary>The largest UUID: the upper end of an event's (or an event's and status's) range of ids.</summary>
    private static readonly Guid LastId = Guid.AllBitsSet;

    private async Task<List<DelegateRegistration>> ReadPageByStatusAsync(Guid eventId, ListEventDelegatesRequest req, CancellationToken ct)
    {
        var after = req.Cursor is null ? Guid.Empty : Keyset.Decode(req.Cursor).Id;
        return await db.ReadAsync((eventId, req.Status, after, Take: req.Take + 1), static async (db, page, ct) =>
        {
            var rows = page.Status is { } status ? PageOfStatus(db, page.eventId, status, page.after, page.Take) : PageOfAll(db, page.eventId, page.after, page.Take);
            var read = new List<DelegateRegistration>(page.Take);
            await foreach (var row in rows.WithCancellation(ct))
            {
                read.Add(row);
            }

            return read;
        }, ct);
    }

    private async Task<List<DelegateRegistration>> ReadFilteredPageAsync(Guid eventId, ListEventDelegatesRequest req, CancellationToken ct)
    {
        var after = req.Cursor is null ? Guid.Empty : Keyset.Decode(req.Cursor).Id;
        var query = db.Delegates.AsNoTracking();

        // As the compiled pages, the page is a range of one index ordered by its columns, so that its plan cannot flip:
        // the country's when it is asked for (the narrowest), else the mode's, else the status's, else the event's.
        // The other filters narrow that range.
        Func<IQueryable<DelegateRegistration>, IOrderedQueryable<DelegateRegistration>> order;
        if (req.Country is { } country)
        {
            query = query.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.EventId, d.Country, d.Id), ValueTuple.Create(eventId, country, after))
                && EF.Functions.LessThanOrEqual(ValueTuple.Create(d.EventId, d.Country, d.Id), ValueTuple.Create(eventId, country, LastId)));
            order = q => q.OrderBy(d => d.EventId).ThenBy(d => d.Country).ThenBy(d => d.Id);
        }
        else if (req.ParticipationMode is { } mode)
        {
            query = query.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.EventId, d.ParticipationMode, d.Id), ValueTuple.Create(eventId, mode, after))
                && EF.Functions.LessThanOrEqual(ValueTuple.Create(d.EventId, d.ParticipationMode, d.Id), ValueTuple.Create(eventId, mode, LastId)));
            order = q => q.OrderBy(d => d.EventId).ThenBy(d => d.ParticipationMode).ThenBy(d => d.Id);
        }
        else if (req.Status is { } status)
        {
            query = query.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.EventId, d.Status, d.Id), ValueTuple.Create(eventId, status, after))
                && EF.Functions.LessThanOrEqual(ValueTuple.Create(d.EventId, d.Status, d.Id), ValueTuple.Create(eventId, status, LastId)));
            order = q => q.OrderBy(d => d.EventId).ThenBy(d => d.Status).ThenBy(d => d.Id);
        }
        else
        {
            query = query.Where(d => EF.Functions.GreaterThan(ValueTuple.Create(d.EventId, d.Id), ValueTuple.Create(eventId, after))
                && EF.Functions.LessThanOrEqual(ValueTuple.Create(d.EventId, d.Id), ValueTuple.Create(eventId, LastId)));
            order = q => q.OrderBy(d => d.EventId).ThenBy(d => d.Id);
        }

        // Only filters the range does not already hold: an equality on a column of the range would let PostgreSQL drop
        // it from the order, and the order would no longer be the index's alone.
        if (req.Status is { } wantedStatus && (req.Country is not null || req.ParticipationMode is not null))
        {
            query = query.Where(d => d.Status == wantedStatus);
        }

        if (req.Country is not null && req.ParticipationMode is { } wantedMode)
        {
            query = query.Where(d => d.ParticipationMode == wantedMode);
        }

        if (!string.IsNullOrWhiteSpace(req.Q))
        {
            var pattern = "%" + EscapeLike(DelegateRegistration.SearchKey(req.Q.Trim())) + "%";
            query = query.Where(d => EF.Functions.Like(d.SearchText, pattern, @"\"));
        }

        var page = order(query).Take(req.Take + 1);
        return await db.ReadAsync(page, static (_, page, ct) => page.ToListAsync(ct), ct);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
