using FastEndpoints;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Jobs;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Email;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Letters;

public sealed class SendLetterRun(RegistrationDb db, TimeProvider clock, SmtpOptions smtp, IServiceProvider services) : EndpointWithoutRequest<LetterRunResponse>
{
    public override void Configure()
    {
        Post("/letter-runs/{runId:guid}/send");
        Roles(Role.Secretariat);
        Description(d => d.Documented(202, typeof(LetterRunResponse), 401, 403, 404, 409));
        Summary(s =>
        {
            s.Summary = "E-mail each mission its letter";
            s.Description = "Secretariat only. Checks every letter first: one that misses values, whose country has no mission, or whose mission has no "
                + "e-mail address is `409 letter-values-missing`, each listed in `errors` under `letters.<country>`, and **nothing is sent**. Then queues one "
                + "e-mail per mission (to all its addresses, the DOCX attached, the run's `subject` as subject) and answers `202` with the run; "
                + "`letters[].email` goes from `queued` to `sent` as the mail server accepts each. Each mission gets its letter **once per run**, "
                + "however often this is called or a job is retried: the send is recorded in the transaction that sends (unique per run and country). "
                + "Without an SMTP server configured (`Smtp__Host`): `409 email-not-configured`.";
            s.Responses[409] = "`letter-values-missing`: a letter misses values, a mission or an address (each in `errors` under `letters.<country>`), nothing was sent; `email-not-configured`: e-mail is off.";
        });
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (!smtp.Enabled)
        {
            throw DomainFailure.Conflict(ErrorCodes.EmailNotConfigured, "E-mail is off on this service (Smtp__Host is not set); download the letters instead.");
        }

        var runId = Route<Guid>("runId");
        var plan = await LetterRunPlan.ReadAsync(db, runId, ct);
        plan.EnsureComplete(needRecipients: true);

        await db.InTransactionAsync(async ct =>
        {
            var run = await db.LetterRuns.FirstAsync(r => r.Id == runId, ct);
            run.RequestSending(clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            return run;
        }, ct);

        // After the commit: a job never runs for a request that rolled back. A letter already sent is skipped by its job.
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        var sent = await db.LetterEmails.AsNoTracking().Where(e => e.RunId == runId).Select(e => e.Country).ToListAsync(ct);
        foreach (var letter in plan.Letters.Where(l => !sent.Contains(l.Country)))
        {
            jobs.Enqueue<SendLetter>(job => job.RunAsync(runId, letter.Country, CancellationToken.None));
        }

        var answer = await LetterRunPlan.ReadAsync(db, runId, ct);
        await Send.ResponseAsync(await answer.ToResponseAsync(db, ct), StatusCodes.Status202Accepted, ct);
    }
}
