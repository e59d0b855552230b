using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Missions;

public sealed class ListMissionsRequest : PageRequest;

public sealed class ListMissionsValidator : Validator<ListMissionsRequest>
{
    public ListMissionsValidator() => this.AddPageRules();
}

public sealed class ListMissions(RegistrationDb db) : Endpoint<ListMissionsRequest, Page<MissionResponse>>
{
    public override void Configure()
    {
        Get("/missions");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<MissionResponse>), 400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List the missions directory";
            s.Description = "Secretariat only. Ordered by country code; keyset-paginated. `GET /missions/export` gives the whole directory as CSV.";
        });
    }

    public override async Task HandleAsync(ListMissionsRequest req, CancellationToken ct)
    {
        var query = db.Missions.AsNoTracking();
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor);
            query = query.Where(m => string.Compare(m.Country, after.Key) > 0);
        }

        var rows = await query.OrderBy(m => m.Country).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, m => m.ToResponse(), m => (m.Country, m.Id)), ct);
    }
}
