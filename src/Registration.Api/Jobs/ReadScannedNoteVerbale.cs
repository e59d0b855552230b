using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Platform.Ocr;

namespace Registration.Api.Jobs;

/// <summary>Queues the reading of a scanned note verbale, once the upload that stored it has committed.</summary>
public interface IScannedNoteReading
{
    void Enqueue(Guid noteVerbaleId);
}

internal sealed class HangfireScannedNoteReading(IBackgroundJobClient jobs) : IScannedNoteReading
{
    public void Enqueue(Guid noteVerbaleId) =>
        jobs.Enqueue<ReadScannedNoteVerbale>(job => job.RunAsync(noteVerbaleId, null, CancellationToken.None));
}

/// <summary>
/// Reads the pages of a note verbale that have no text layer with OCR (<see cref="OcrReader"/>), never inside the
/// upload's request. Then, in one transaction under the usual locks (the event's share lock, then the delegation's
/// write lock), stores the text with <c>textSource: ocr</c> and checks every active delegate of the delegation again,
/// so a scan naming a delegate makes them <c>matched</c> (the delegate's check says it came from OCR, and the page).
/// A failed reading is retried (<c>Ocr:RetryDelaysSeconds</c>); the last attempt records <c>ocr-failed</c> and the
/// delegates stay as they were, for the secretariat to confirm by hand. Idempotent: a note already read is left alone,
/// and two runs for one note store one reading (the second finds it read under the delegation's lock).
/// </summary>
public sealed class ReadScannedNoteVerbale(
    RegistrationDb db, OcrReader reader, OcrOptions options, NoteVerbaleOptions notes, TimeProvider clock, ILogger<ReadScannedNoteVerbale> logger)
{
    /// <summary>Who the delegates' audit trail names for the checks OCR leads to.</summary>
    public const string Actor = "ocr";

    public async Task RunAsync(Guid noteVerbaleId, PerformContext? context, CancellationToken ct)
    {
        var note = await db.NotesVerbales.AsNoTracking().FirstOrDefaultAsync(n => n.Id == noteVerbaleId, ct);
        if (note is null || !note.AwaitsOcr)
        {
            return;
        }

        var (pages, overLimit) = note.PagesForOcr(options.MaxPages);
        IReadOnlyList<OcrPage> read;
        try
        {
            var bytes = await db.NoteVerbaleContents.AsNoTracking().Where(c => c.NoteVerbaleId == noteVerbaleId).Select(c => c.Bytes).FirstAsync(ct);
            read = pages.Count == 0 ? [] : await reader.ReadAsync(bytes, pages, ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException && IsLastAttempt(context))
        {
            logger.LogWarning("OCR of note verbale {NoteVerbaleId} failed at its last attempt: {Failure}", noteVerbaleId, failure.Message);
            await StoreAsync(noteVerbaleId, (n, now) => n.OcrFailed(failure.Message, now), recheck: false, ct);
            throw; // and the job stays failed in the dashboard, where it can be run again
        }

        var texts = Bounded(read, notes.MaxTextLength - note.Text.Length);
        await StoreAsync(noteVerbaleId, (n, now) => n.ReadByOcr(texts, overLimit, now), recheck: true, ct);
        logger.LogInformation(
            "OCR read {Pages} page(s) of note verbale {NoteVerbaleId} in {Seconds:0.0} s", read.Count, noteVerbaleId, read.Sum(p => p.Elapsed.TotalSeconds));
    }

    // A note holds at most NotesVerbales:MaxTextLength characters, whatever reads it: recognised text past that is dropped.
    private static List<(int Page, string Text)> Bounded(IReadOnlyList<OcrPage> read, int room)
    {
        var texts = new List<(int Page, string Text)>(read.Count);
        foreach (var page in read)
        {
            var text = page.Text.Length <= room ? page.Text : page.Text[..Math.Max(room, 0)];
            if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
            {
                text = text[..^1]; // never half a character
            }

            room -= text.Length;
            texts.Add((page.Number, text));
        }

        return texts;
    }

    private bool IsLastAttempt(PerformContext? context) =>
        (context?.GetJobParameter<int>("RetryCount") ?? 0) >= options.RetryDelays().Length;

    private Task<int> StoreAsync(Guid noteVerbaleId, Action<NoteVerbale, DateTimeOffset> transition, bool recheck, CancellationToken ct) =>
        db.InTransactionAsync(async ct =>
        {
            // A note never moves: where it belongs can be read before the locks.
            var owner = await db.NotesVerbales.Where(n => n.Id == noteVerbaleId).Select(n => new { n.EventId, n.DelegationId }).FirstAsync(ct);
            await db.LockEventForWriteAsync(owner.EventId, ct);
            await db.LockDelegationAsync(owner.DelegationId, ct);
            var note = await db.NotesVerbales.FirstAsync(n => n.Id == noteVerbaleId, ct);
            if (!note.AwaitsOcr)
            {
                return 0; // another run stored its reading first
            }

            var now = clock.GetUtcNow();
            transition(note, now);
            if (recheck && !note.IsSuperseded)
            {
                await db.RecheckAfterReadingAsync(note, Actor, now, ct);
            }

            return await db.SaveChangesAsync(ct);
        }, ct);
}

/// <summary>
/// The retries of <see cref="ReadScannedNoteVerbale"/> jobs, from <c>Ocr:RetryDelaysSeconds</c>: one attempt more than
/// there are waits. Given to this application's job server, as <see cref="EmailRetries"/> is.
/// </summary>
internal sealed class OcrRetries(OcrOptions options) : IJobFilterProvider
{
    private readonly JobFilter[] filters = [new(Retry(options.RetryDelays()), JobFilterScope.Method, null)];

    public IEnumerable<JobFilter> GetFilters(Job job) => job?.Type == typeof(ReadScannedNoteVerbale) ? filters : [];

    private static AutomaticRetryAttribute Retry(int[] delays)
    {
        var retry = new AutomaticRetryAttribute { Attempts = delays.Length, OnAttemptsExceeded = AttemptsExceededAction.Fail };
        if (delays.Length > 0)
        {
            retry.DelaysInSeconds = delays;
        }

        return retry;
    }
}

/// <summary>
/// A sweep for scanned notes whose reading was never queued (the process stopped between the upload's commit and
/// queueing the job): every 30 minutes, notes still <c>ocr-pending</c> well after every attempt and wait of a reading
/// would have ended are queued again. A note read meanwhile is left alone by the job.
/// </summary>
public sealed class ReadPendingNotesVerbales(RegistrationDb db, OcrOptions options, TimeProvider clock, IScannedNoteReading reading)
{
    public const string RecurringJobId = "read-pending-notes-verbales";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var attempts = options.RetryDelays().Length + 1;
        var longest = TimeSpan.FromSeconds(options.RetryDelays().Sum() + (attempts * options.MaxPages * options.SecondsPerPage)) + TimeSpan.FromMinutes(15);
        var before = clock.GetUtcNow() - longest;
        var stale = await db.NotesVerbales.AsNoTracking()
            .Where(n => n.TextSource == TextSource.OcrPending && n.UploadedAt < before)
            .OrderBy(n => n.UploadedAt)
            .Select(n => n.Id)
            .Take(100)
            .ToListAsync(ct);
        foreach (var id in stale)
        {
            reading.Enqueue(id);
        }

        return stale.Count;
    }
}
