using FastEndpoints;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Features.Events;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Calls;

/// <summary>What may change in a call: its deadline and its guidance (left out: unchanged).</summary>
public sealed class UpdateCallRequest
{
    /// <summary>A new deadline: an RFC 3339 instant with offset, or a date meaning the end of that day in the call's time zone.</summary>
    public string? Deadline { get; init; }

    /// <summary>New guidance for States.</summary>
    public string? Guidance { get; init; }
}

public sealed class UpdateCallValidator : Validator<UpdateCallRequest>
{
    public UpdateCallValidator()
    {
        RuleFor(r => r.Deadline).Deadline();
        RuleFor(r => r.Guidance).MaximumLength(Call.MaxGuidanceLength).MultiLineText();
    }
}

public sealed class UpdateCall(RegistrationDb db, TimeProvider clock, ICallClosing closing) : Endpoint<UpdateCallRequest, CallResponse>
{
    public override void Configure()
    {
        Patch("/calls/{callId:guid}");
        Roles(Role.Secretariat);
        Description(d => d.Documented(200, typeof(CallResponse), 400, 401, 403, 404));
        Summary(s =>
        {
            s.Summary = "Move a call's deadline or change its guidance";
            s.Description = "Secretariat only. Moving the deadline reschedules the closing job; moving it into the future re-opens a closed call, and "
                + "moving it into the past closes it at once for writes. The call's row is updated under its lock, so a contribution being written "
                + "waits for the change (or the change for it) and is judged against one deadline.";
            s.ExampleRequest = new UpdateCallRequest { Deadline = "2027-06-14" };
        });
    }

    public override async Task HandleAsync(UpdateCallRequest req, CancellationToken ct)
    {
        var callId = Route<Guid>("callId");
        var (call, now, oldJob, moved) = await db.InTransactionAsync(async ct =>
        {
            var call = await db.Calls.FromSql($"SELECT *, xmin FROM calls WHERE id = {callId} FOR UPDATE").Where(c => c.Id == callId).FirstOrDefaultAsync(ct)
                ?? throw CallMapping.CallNotFound(callId);
            var now = clock.GetUtcNow();
            DateTimeOffset? deadline = EventTime.TryParseDeadline(req.Deadline, EventTime.Zone(call.TimeZoneId), out var d) ? d : null;
            var before = call.Deadline;
            var oldJob = call.ClosingJobId;
            call.Change(string.IsNullOrWhiteSpace(req.Guidance) ? null : req.Guidance.Trim(), deadline, now);
            await db.SaveChangesAsync(ct);
            return (call, now, oldJob, call.Deadline != before);
        }, ct);

        if (moved)
        {
            await db.AfterCommitAsync(async ct =>
            {
                closing.Cancel(oldJob);
                call.ClosingScheduledAs(closing.Schedule(call.Id, call.Deadline));
                await db.SaveChangesAsync(ct);
            }, ct);
        }

        await Send.OkAsync(call.ToResponse(now), ct);
    }
}
