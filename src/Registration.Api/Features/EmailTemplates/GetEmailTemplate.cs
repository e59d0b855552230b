using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.EmailTemplates;

public sealed class GetEmailTemplate(RegistrationDb db) : EndpointWithoutRequest<EmailTemplateResponse>
{
    public override void Configure()
    {
        Get(EmailTemplateRoutes.Path);
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(EmailTemplateResponse), 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Read the template an event's e-mails of one kind are written with (secretariat)";
            s.Description = "The event's replacement if the secretariat made one, else the default (`isDefault: true`), with every placeholder "
                + "the kind offers. Unknown event: `404 event-not-found`; unknown kind: `404 email-template-not-found`."
                + EmailTemplateRoutes.KindsAndPlaceholders;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var kind = EmailTemplateRoutes.Kind(Route<string>("kind"));
        await db.EnsureEventExistsAsync(eventId, ct);
        await Send.OkAsync(await EmailTemplateRoutes.EffectiveAsync(db, eventId, kind, ct), ct);
    }
}
