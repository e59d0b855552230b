using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Pagination;

namespace Registration.Api.Features.Webhooks;

public sealed class ListWebhooksRequest : PageRequest;

public sealed class ListWebhooksValidator : Validator<ListWebhooksRequest>
{
    public ListWebhooksValidator() => this.AddPageRules();
}

public sealed class ListWebhooks(RegistrationDb db) : Endpoint<ListWebhooksRequest, Page<WebhookResponse>>
{
    public override void Configure()
    {
        Get("/webhooks");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(Page<WebhookResponse>), 400, 401, 403));
        Summary(s =>
        {
            s.Summary = "List webhook subscriptions (secretariat)";
            s.Description = "Oldest first; keyset-paginated with `limit` and `cursor`. Secrets are never listed.";
        });
    }

    public override async Task HandleAsync(ListWebhooksRequest req, CancellationToken ct)
    {
        var query = db.WebhookSubscriptions.AsNoTracking();
        if (req.Cursor is not null)
        {
            var after = Keyset.Decode(req.Cursor).Id;
            query = query.Where(s => s.Id > after);
        }

        var page = await query.OrderBy(s => s.Id).Take(req.Take + 1).ToListAsync(ct);
        await Send.OkAsync(Keyset.ToPage(page, req.Take, s => s.ToResponse(), s => ("", s.Id)), ct);
    }
}
