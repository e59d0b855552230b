using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Letters;

public sealed class ListLetterTemplatesRequest : PageRequest;

public sealed class ListLetterTemplatesValidator : Validator<ListLetterTemplatesRequest>
{
    public ListLetterTemplatesValidator() => this.AddPageRules();
}

public sealed class ListLetterTemplates(RegistrationDb db) : Endpoint<ListLetterTemplatesRequest, Page<LetterTemplateResponse>>
{
    public override void Configure()
    {
        Get("/letter-templates");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<LetterTemplateResponse>), 400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List the letter templates";
            s.Description = "Secretariat only. Newest first; keyset-paginated.";
        });
    }

    public override async Task HandleAsync(ListLetterTemplatesRequest req, CancellationToken ct)
    {
        var query = db.LetterTemplates.AsNoTracking();
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(t => t.Id.CompareTo(after) < 0);
        }

        var rows = await query.OrderByDescending(t => t.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(rows, req.Take, t => t.ToResponse(), t => ("", t.Id)), ct);
    }
}
