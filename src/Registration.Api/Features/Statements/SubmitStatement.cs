using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.Agenda;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Files;
using Registration.Api.Platform.Idempotency;
using Registration.Api.Platform.Media;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Statements;

public sealed class SubmitStatement(RegistrationDb db, TimeProvider clock, StatementOptions options, IFileStore store, VideoProbe probe)
    : EndpointWithoutRequest<StatementResponse>
{
    public override void Configure()
    {
        Post("/events/{eventId:guid}/delegations/{delegationId:guid}/statements");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        AllowFileUploads(dontAutoBindFormData: true);
        Description(d => d.Documented(201, typeof(StatementResponse), 400, 401, 403, 404, 409, 413, 415, 422)
            .WithMultipartForm(services => services.GetRequiredService<StatementOptions>().BodyLimit, ReceivedStatement.Parts)
            .Idempotent());
        Summary(s =>
        {
            s.Summary = "Submit a statement on an agenda item (video with transcript, or written)";
            s.Responses[404] = "`event-not-found`, or `delegation-not-found` (also for a delegation the caller does not act for).";
            s.Responses[409] = "`statement-deadline-passed`: the event's statement deadline has passed.";
            s.Responses[413] = "`payload-too-large`: the file is larger than `Statements__MaxVideoBytes` (video) or `Statements__MaxDocumentBytes` (written).";
            s.Responses[415] = "`unsupported-media-type`: not multipart/form-data, or the file is not a video with a video stream in an accepted container, or not a PDF or clean DOCX (macro-enabled and encrypted documents included).";
            s.Responses[422] = "`statement-too-long`: the video lasts longer than 180 seconds (the longest of its container's and streams' durations).";
            s.Description = "`multipart/form-data` with `agendaItemId` and either `video` and `transcript` (both required) or `document`. "
                + "The file is streamed to the file store, never held whole in memory, its SHA-256 and size recorded.\n\n"
                + "**Video**: read with ffprobe. Longer than 180 seconds (the longest of the container's and the streams' durations) is "
                + "`422 statement-too-long`; a file that is not a video, or holds no video stream (audio only), is `415 unsupported-media-type`; "
                + "larger than the limit (500 MB by default, `Statements__MaxVideoBytes`) is `413 payload-too-large`.\n\n"
                + "**Written**: a PDF that opens with PdfPig, or a DOCX that opens as a Word package; macro-enabled or encrypted files and "
                + "anything else are `415`; larger than `Statements__MaxDocumentBytes` (20 MB by default) is `413`.\n\n"
                + "The statement's label follows the invitation's subject line — the meeting's ordinal and short name, the country's name "
                + "and the item's number, `12th EMIC statement – Austria 3` — and is its title and download name. `meeting` chooses the meeting "
                + "for an item taken jointly (default: the first that takes it). A new upload on the same item and kind is the next `version`; "
                + "earlier ones stay. From the event's `statementDeadline` on: `409 statement-deadline-passed` (decided in the write's own "
                + "transaction). A failed or cancelled upload leaves neither file nor row. " + StatementAccess.Rule;
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        var delegationId = Route<Guid>("delegationId");

        // Refuse early, before reading up to 500 MB; the rules are decided again in the transaction.
        (await db.FindEventAsync(eventId, ct)).EnsureStatementsOpen(clock.GetUtcNow());
        await db.FindActingDelegationAsync(eventId, delegationId, User, ct);
        var received = await ReceivedStatement.ReadAsync(HttpContext.Request, options, store, probe, ct);

        var filed = false;
        try
        {
            var statement = await db.InTransactionAsync(async ct =>
            {
                var registration = await db.LockEventForWriteAsync(eventId, ct);
                var delegation = await db.LockActingDelegationAsync(eventId, delegationId, User, ct);
                var now = clock.GetUtcNow();
                registration.EnsureStatementsOpen(now);
                var item = await db.AgendaItems.AsNoTracking().FirstOrDefaultAsync(a => a.Id == received.AgendaItemId && a.EventId == eventId, ct)
                    ?? throw DomainFailure.Invalid(ReceivedStatement.AgendaItemPart, $"There is no agenda item {received.AgendaItemId} in this event.");
                var meetingCode = received.Meeting ?? item.Meetings[0];
                if (!item.IsTakenBy(meetingCode))
                {
                    throw DomainFailure.Invalid(ReceivedStatement.MeetingPart, $"Agenda item {item.Number} is not on the agenda of '{meetingCode}'; it is taken by {string.Join(", ", item.Meetings)}.");
                }

                // Under the delegation's lock: two uploads cannot take the same number (the unique index would refuse the second).
                var version = 1 + (await db.Statements
                    .Where(s => s.DelegationId == delegation.Id && s.AgendaItemId == item.Id && s.Kind == received.Kind)
                    .MaxAsync(s => (int?)s.VersionNumber, ct) ?? 0);
                var statement = Statement.Submit(
                    new NewStatement(delegation, item, registration.MeetingOf(meetingCode), received.Kind, version, received.Extension, received.ContentType,
                        received.File.SizeBytes, received.File.Sha256, received.File.Key, received.DurationSeconds, received.Transcript, User.Subject()),
                    now);
                db.Statements.Add(statement);
                await db.SaveChangesAsync(ct);
                return statement;
            }, ct);

            // The file moves into place once the row has committed (with an Idempotency-Key, after the held commit).
            await db.AfterCommitAsync(ct => store.PublishAsync(received.File.Key, ct), ct);
            filed = true;
            await Send.CreatedAtAsync<GetStatement>(new { eventId, statementId = statement.Id }, statement.ToResponse(), cancellation: ct);
        }
        finally
        {
            if (!filed)
            {
                await store.DeleteAsync(received.File.Key, CancellationToken.None);
            }
        }
    }
}
