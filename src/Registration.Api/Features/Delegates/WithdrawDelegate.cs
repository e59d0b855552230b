using FastEndpoints;
using Registration.Api.Data;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegates;

public sealed class WithdrawDelegate(RegistrationDb db, TimeProvider clock) : EndpointWithoutRequest<DelegateResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegates/{delegateId:guid}/withdraw");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(DelegateResponse), 401, 403, 404, 409, 412).WithIfMatch());
        Summary(s =>
        {
            s.Summary = "Withdraw a delegate";
            s.Description = "Takes a pending or approved delegate off the list (also after the deadline); the e-mail address becomes "
                + "free again (and a participant may register anew). Withdrawing a withdrawn or rejected delegate: `409 invalid-transition`. "
                + "Optional `If-Match`. " + Access.Rule + " " + Access.OwnDelegatesRule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var expected = HttpContext.Request.IfMatchVersion();
        var delegate_ = await db.InTransactionAsync(async ct =>
        {
            var delegate_ = await db.LockVisibleDelegateAsync(Route<Guid>("eventId"), Route<Guid>("delegateId"), User, ct);
            ETags.EnsureMatches(delegate_.Version, expected);

            delegate_.Withdraw(User.Subject(), clock.GetUtcNow());
            await db.SaveConditionallyAsync(delegate_, d => d.Version, expected, ct);
            return delegate_;
        }, ct);

        HttpContext.Response.SetETag(delegate_.Version);
        await Send.OkAsync(delegate_.ToResponse(), ct);
    }
}
