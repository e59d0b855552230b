using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.EmailTemplates;

public sealed class DeleteEmailTemplate(RegistrationDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete(EmailTemplateRoutes.Path);
        Roles(Role.Secretariat);
        Description(d => d.Documented(204, null, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Go back to the default template of one kind (secretariat)";
            s.Description = "Removes the event's replacement, so its e-mails of this kind use the default again; e-mails queued already are "
                + "written with the template in force when they are sent. Answers `204` whether or not there was a replacement. "
                + "Unknown event: `404 event-not-found`; unknown kind: `404 email-template-not-found`.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var kind = EmailTemplateRoutes.Kind(Route<string>("kind"));
        await db.EnsureEventExistsAsync(eventId, ct);
        await db.EmailTemplates.Where(t => t.EventId == eventId && t.Kind == kind).ExecuteDeleteAsync(ct);
        await Send.NoContentAsync(ct);
    }
}
