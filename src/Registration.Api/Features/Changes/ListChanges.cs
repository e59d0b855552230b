using System.ComponentModel;
using System.Globalization;
using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Changes;

public sealed class ListChangesRequest
{
    [QueryParam]
    [Description("The `nextCursor` of the previous page; omit it to start from the event's first change.")]
    public string? After { get; init; }

    [QueryParam]
    [Description("How many changes to return, 1 to 200 (default 50).")]
    public int? Limit { get; init; }

    public int Take => Limit ?? PageRequest.DefaultLimit;

    /// <summary>The feed position the cursor stands at: its last change's.</summary>
    internal static bool TryPosition(string cursor, out long position)
    {
        position = 0;
        return Keyset.TryDecode(cursor, out var at) && long.TryParse(at.Key, NumberStyles.None, CultureInfo.InvariantCulture, out position);
    }
}

public sealed class ListChangesValidator : Validator<ListChangesRequest>
{
    public ListChangesValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, PageRequest.MaxLimit).When(r => r.Limit is not null)
            .WithMessage($"limit must be between 1 and {PageRequest.MaxLimit}.");
        RuleFor(r => r.After).Must(a => a is null || ListChangesRequest.TryPosition(a, out _))
            .WithMessage("after is not a cursor this API issued; start again without it.");
    }
}

public sealed class ListChanges(RegistrationDb db) : Endpoint<ListChangesRequest, ChangePage>
{
    public override void Configure()
    {
        Get("/events/{eventId:guid}/changes");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(ChangePage), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Follow an event's changes (secretariat)";
            s.Description = "Every change of the event — delegates registered, updated, approved, rejected, withdrawn; notes verbales "
                + "uploaded and superseded; registration closed and re-opened — in the order the changes were committed, each with "
                + "the resource exactly as the API shows it after the change. Keep `nextCursor` and send it as `after` to continue "
                + "from where you stopped: a change never appears before one committed earlier, so a reader that reached the end "
                + "misses nothing that commits later. `hasMore` says whether more are waiting now. A change that rolled back is "
                + "never listed.";
        });
    }

    public override async Task HandleAsync(ListChangesRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);

        long after = 0;
        if (req.After is not null)
        {
            ListChangesRequest.TryPosition(req.After, out after);
        }

        // Positions are given at commit, in commit order per event (Data/OutboxConfiguration.cs): every committed change
        // with a position above the cursor is here, and none can turn up later below it.
        var fetched = await db.Outbox.AsNoTracking()
            .Where(o => o.EventId == eventId && o.Position > after)
            .OrderBy(o => o.Position)
            .Take(req.Take + 1)
            .ToListAsync(ct);
        var items = fetched.Take(req.Take).ToList();
        var next = items.Count > 0 ? Keyset.Encode(items[^1].Position!.Value.ToString(CultureInfo.InvariantCulture), items[^1].Id) : req.After;
        await Send.OkAsync(new ChangePage(items.ConvertAll(ChangeResponse.From), next, fetched.Count > req.Take), ct);
    }
}
