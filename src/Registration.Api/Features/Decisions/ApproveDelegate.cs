using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Features.Delegates;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Decisions;

public sealed class ApproveDelegate(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<DelegateResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegates/{delegateId:guid}/approve");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(DelegateResponse), 401, 403, 404, 409, 412).WithIfMatch());
        Summary(s =>
        {
            s.Summary = "Approve a delegate once the note verbale names them (secretariat)";
            s.Description = "Refused with `409 note-verbale-missing` when the delegation has no note verbale, `409 note-verbale-mismatch` "
                + "when no note of the delegation that counts (not superseded) names the delegate and no confirmation exists, `409 invalid-transition` for a withdrawn "
                + "or already decided delegate. The decision records who, when and the note (id and SHA-256). Two decisions racing for "
                + "one delegate: exactly one is stored, the other answers `409`. Optional `If-Match`. Works after the deadline.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var expected = HttpContext.Request.IfMatchVersion();
        var delegate_ = await db.InTransactionAsync(async ct =>
        {
            var delegate_ = await db.LockVisibleDelegateAsync(Route<Guid>("eventId"), Route<Guid>("delegateId"), User, ct);
            ETags.EnsureMatches(delegate_.Version, expected);

            delegate_.Approve(await db.NotesThatCountAsync(delegate_.DelegationId, ct), User.Subject(), clock.GetUtcNow());
            await db.SaveConditionallyAsync(delegate_, d => d.Version, expected, ct);
            return delegate_;
        }, ct);

        var response = delegate_.ToResponse();
        HttpContext.Response.SetETag(delegate_.Version);
        await Send.OkAsync(response, ct);
    }
}
