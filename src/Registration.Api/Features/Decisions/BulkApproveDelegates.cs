using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Delegates;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Decisions;

/// <summary>Delegates to approve in one request.</summary>
public sealed class BulkApproveRequest
{
    public const int MaxDelegates = 200;

    /// <summary>1 to 200 delegate ids of this event, each at most once.</summary>
    public List<Guid> DelegateIds { get; init; } = [];
}

public sealed class BulkApproveValidator : Validator<BulkApproveRequest>
{
    public BulkApproveValidator() =>
        RuleFor(r => r.DelegateIds)
            .NotEmpty().WithMessage("delegateIds must name at least one delegate.")
            .Must(ids => ids.Count <= BulkApproveRequest.MaxDelegates).WithMessage($"delegateIds may name at most {BulkApproveRequest.MaxDelegates} delegates.")
            .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("delegateIds must not repeat an id.");
}

/// <summary>Each delegate's outcome, in the order asked.</summary>
/// <param name="Results">One result per id.</param>
public sealed record BulkApproveResponse(IReadOnlyList<BulkApprovalResult> Results);

/// <summary>One delegate's outcome.</summary>
/// <param name="DelegateId">The delegate.</param>
/// <param name="Outcome"><c>approved</c>, or <c>refused</c> with the problem code that refused it.</param>
/// <param name="Code">For a refusal: <c>note-verbale-missing</c>, <c>note-verbale-mismatch</c>, <c>invalid-transition</c> or <c>delegate-not-found</c>.</param>
/// <param name="Detail">For a refusal: why, for a person to read.</param>
public sealed record BulkApprovalResult(Guid DelegateId, BulkOutcome Outcome, string? Code, string? Detail);

/// <summary>On the wire: <c>approved</c>, <c>refused</c>.</summary>
public enum BulkOutcome
{
    Approved,
    Refused,
}

public sealed class BulkApproveDelegates(RegistrationDb db, TimeProvider clock) : Endpoint<BulkApproveRequest, BulkApproveResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegates/bulk-approve");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(BulkApproveResponse), 400, 401, 403, 404).Idempotent());
        Summary(s =>
        {
            s.Summary = "Approve many delegates at once (secretariat)";
            s.Description = "Each delegate is decided on its own, by the same rules as a single approval, and one refusal "
                + "does not hold back the others; all approvals are stored together. The answer lists every id with `approved` or `refused` and the problem code.";
            s.ExampleRequest = new BulkApproveRequest { DelegateIds = [Guid.Parse("0190f5a0-8c2e-7c6b-9a41-3f2d1c0b5e77")] };
        });
    }

    public override async Task HandleAsync(BulkApproveRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        await db.EnsureEventExistsAsync(eventId, ct);

        // One transaction under every involved delegation's write lock, as a single approval takes it: no upload or
        // edit can come between reading a delegation's notes and storing the decisions. Five queries in all.
        var results = await db.InTransactionAsync(async ct =>
        {
            var delegationIds = await db.Delegates.AsNoTracking()
                .Where(d => d.EventId == eventId && req.DelegateIds.Contains(d.Id))
                .Select(d => d.DelegationId).Distinct().ToListAsync(ct);
            await db.LockDelegationsAsync(delegationIds, ct);
            var delegates = await db.Delegates.Where(d => d.EventId == eventId && req.DelegateIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
            var notes = (await db.NotesVerbales.AsNoTracking()
                    .Where(n => delegationIds.Contains(n.DelegationId) && n.SupersededAt == null)
                    .ToListAsync(ct))
                .GroupBy(n => n.DelegationId)
                .ToDictionary(g => g.Key, g => new DelegationNotes(g));

            var now = clock.GetUtcNow();
            var results = req.DelegateIds.Select(id => ApproveOne(id, delegates.GetValueOrDefault(id), notes, now)).ToList();
            await db.SaveChangesAsync(ct);
            return results;
        }, ct);

        await Send.OkAsync(new BulkApproveResponse(results), ct);
    }

    private BulkApprovalResult ApproveOne(Guid id, DelegateRegistration? delegate_, Dictionary<Guid, DelegationNotes> notes, DateTimeOffset now)
    {
        if (delegate_ is null)
        {
            return new BulkApprovalResult(id, BulkOutcome.Refused, ErrorCodes.DelegateNotFound, $"There is no delegate {id} in this event.");
        }

        try
        {
            // Approve checks every rule before it changes anything, so a refused delegate is left as it was.
            delegate_.Approve(notes.GetValueOrDefault(delegate_.DelegationId) ?? DelegationNotes.None, User.Subject(), now);
            return new BulkApprovalResult(id, BulkOutcome.Approved, null, null);
        }
        catch (DomainFailure failure)
        {
            return new BulkApprovalResult(id, BulkOutcome.Refused, failure.Code, failure.Message);
        }
    }
}
