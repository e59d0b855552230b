using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Letters;

namespace Registration.Api.Features.Letters;

/// <summary>A letter template.</summary>
/// <param name="Id">The template's id.</param>
/// <param name="FileName">The uploaded file's name, cleaned, ending in <c>.docx</c>.</param>
/// <param name="SizeBytes">The DOCX's size.</param>
/// <param name="Sha256">The SHA-256 of its bytes, hexadecimal.</param>
/// <param name="Fields">The merge fields it uses (<c>AddressLine1PR</c> for <c>[[[AddressLine1PR]]]</c>), in the order first met.</param>
/// <param name="UploadedBy">Who uploaded it (the token's <c>sub</c>).</param>
/// <param name="UploadedAt">When (UTC).</param>
public sealed record LetterTemplateResponse(Guid Id, string FileName, long SizeBytes, string Sha256, IReadOnlyList<string> Fields, string UploadedBy, DateTimeOffset UploadedAt);

/// <summary>Whether a mission's letter was e-mailed. On the wire: <c>not-requested</c>, <c>queued</c>, <c>sent</c>.</summary>
public enum LetterEmailStatus
{
    NotRequested,
    Queued,
    Sent,
}

/// <summary>One mission's letter in a run.</summary>
/// <param name="Country">The State's code.</param>
/// <param name="CountryName">Its English short name.</param>
/// <param name="MissionId">The mission written to; null when the directory has no mission for the country (then every mission field is missing).</param>
/// <param name="Missing">The template's fields that have no value for this letter: the letter cannot be produced or sent until they are given (in the mission's record, or in the run).</param>
/// <param name="Recipients">The mission's e-mail addresses, which the letter is e-mailed to.</param>
/// <param name="Email">Whether it was e-mailed: <c>not-requested</c>, <c>queued</c> (asked for, not yet accepted by the mail server) or <c>sent</c>.</param>
/// <param name="SentAt">When the mail server accepted it (UTC), or null.</param>
public sealed record LetterResponse(
    string Country, string CountryName, Guid? MissionId, IReadOnlyList<string> Missing, IReadOnlyList<string> Recipients, LetterEmailStatus Email, DateTimeOffset? SentAt);

/// <summary>A run of a letter template: its values and, per mission, what is missing and whether it was e-mailed.</summary>
/// <param name="Id">The run's id.</param>
/// <param name="TemplateId">The template merged.</param>
/// <param name="CallId">The call for contributions the letters announce, or null.</param>
/// <param name="Reference">The <c>[[[Reference]]]</c> of every letter.</param>
/// <param name="Subject">The <c>[[[Subject]]]</c>, also the e-mails' subject.</param>
/// <param name="Date">The letters' date (<c>[[[Date]]]</c>, <c>[[[DateWithWeekday]]]</c>).</param>
/// <param name="DateWeekday">The date's weekday, computed (never typed).</param>
/// <param name="Deadline">The deadline the letters state (<c>[[[Deadline]]]</c>, <c>[[[DeadlineWithWeekday]]]</c>), or null.</param>
/// <param name="DeadlineWeekday">The deadline's weekday, computed, or null.</param>
/// <param name="Complete">True when no letter misses a value: the ZIP can be produced and the letters sent.</param>
/// <param name="Letters">One per country the run writes to, by country code.</param>
/// <param name="CreatedBy">Who made the run.</param>
/// <param name="CreatedAt">When (UTC).</param>
/// <param name="SendRequestedAt">When sending by e-mail was first asked for (UTC), or null.</param>
public sealed record LetterRunResponse(
    Guid Id,
    Guid TemplateId,
    Guid? CallId,
    string? Reference,
    string? Subject,
    DateOnly Date,
    string DateWeekday,
    DateOnly? Deadline,
    string? DeadlineWeekday,
    bool Complete,
    IReadOnlyList<LetterResponse> Letters,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendRequestedAt);

internal static class LetterMapping
{
    public static LetterTemplateResponse ToResponse(this LetterTemplate t) =>
        new(t.Id, t.FileName, t.SizeBytes, t.Sha256.Trim(), t.Fields, t.UploadedBy, t.UploadedAt.ToUniversalTime());

    public static DomainFailure TemplateNotFound(Guid templateId) =>
        DomainFailure.NotFound(ErrorCodes.LetterTemplateNotFound, $"There is no letter template with id {templateId}.");

    public static DomainFailure RunNotFound(Guid runId) =>
        DomainFailure.NotFound(ErrorCodes.LetterRunNotFound, $"There is no letter run with id {runId}.");

    public static string FileNameOf(LetterRun run, string country) =>
        Platform.Uploads.MultipartFile.SafeFileName(
            $"{country} {run.Reference?.Replace('/', '-') ?? "letter"} {run.Date:yyyy-MM-dd}", ".docx", country, LetterTemplate.MaxFileNameLength);
}

/// <summary>One letter as a run would produce it: its mission, its values and what is missing.</summary>
internal sealed record PlannedLetter(string Country, Mission? Mission, IReadOnlyDictionary<string, string?> Values, IReadOnlyList<string> Missing)
{
    public IReadOnlyList<string> Recipients => Mission?.Emails ?? [];
}

/// <summary>A run with its template and letters, read in three queries.</summary>
internal sealed record LetterRunPlan(LetterRun Run, LetterTemplate Template, IReadOnlyList<PlannedLetter> Letters)
{
    public bool Complete => Letters.All(l => l.Missing.Count == 0);

    public static async Task<LetterRunPlan> ReadAsync(RegistrationDb db, Guid runId, CancellationToken ct)
    {
        var run = await db.LetterRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct) ?? throw LetterMapping.RunNotFound(runId);
        var template = await db.LetterTemplates.AsNoTracking().FirstAsync(t => t.Id == run.TemplateId, ct);
        return await PlanAsync(db, run, template, ct);
    }

    public static async Task<LetterRunPlan> PlanAsync(RegistrationDb db, LetterRun run, LetterTemplate template, CancellationToken ct)
    {
        var missions = await db.Missions.AsNoTracking().Where(m => run.Countries.Contains(m.Country)).ToDictionaryAsync(m => m.Country, StringComparer.Ordinal, ct);
        var letters = run.Countries.Select(country =>
        {
            var mission = missions.GetValueOrDefault(country);
            var values = LetterFields.Values(country, mission, run.Values);
            return new PlannedLetter(country, mission, values, LetterFields.Missing(template.Fields, values));
        }).ToList();
        return new LetterRunPlan(run, template, letters);
    }

    /// <summary>Refuses, before anything is produced or sent, when any letter misses a value: <c>409 letter-values-missing</c>, each letter's in <c>errors</c>.</summary>
    public void EnsureComplete(IEnumerable<PlannedLetter>? letters = null, bool needRecipients = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var letter in letters ?? Letters)
        {
            var problems = new List<string>();
            if (letter.Mission is null)
            {
                problems.Add($"The directory has no mission for {letter.Country}.");
            }

            if (letter.Missing.Count > 0)
            {
                problems.Add($"No value for {LetterFields.Listed(letter.Missing)}.");
            }

            if (needRecipients && letter.Mission is not null && letter.Recipients.Count == 0)
            {
                problems.Add("The mission has no e-mail address to send the letter to.");
            }

            if (problems.Count > 0)
            {
                errors[$"letters.{letter.Country}"] = [.. problems];
            }
        }

        if (errors.Count > 0)
        {
            throw new DomainFailure(FailureKind.Conflict, ErrorCodes.LetterValuesMissing,
                $"{errors.Count} letter(s) miss values; nothing was produced or sent. Each is listed under errors (letters.<country>): give the values in the missions' records or in the run.")
            { Errors = errors };
        }
    }

    public async Task<LetterRunResponse> ToResponseAsync(RegistrationDb db, CancellationToken ct)
    {
        var sent = await db.LetterEmails.AsNoTracking().Where(e => e.RunId == Run.Id).ToDictionaryAsync(e => e.Country, e => e.SentAt, StringComparer.Ordinal, ct);
        return new LetterRunResponse(
            Run.Id,
            Run.TemplateId,
            Run.CallId,
            Run.Reference,
            Run.Subject,
            Run.Date,
            Run.Date.DayOfWeek.ToString(),
            Run.Deadline,
            Run.Deadline?.DayOfWeek.ToString(),
            Complete,
            [.. Letters.Select(l => new LetterResponse(
                l.Country,
                Countries.NameOf(l.Country),
                l.Mission?.Id,
                l.Missing,
                l.Recipients,
                sent.ContainsKey(l.Country) ? LetterEmailStatus.Sent : Run.SendRequestedAt is null ? LetterEmailStatus.NotRequested : LetterEmailStatus.Queued,
                sent.TryGetValue(l.Country, out var at) ? at.ToUniversalTime() : null))],
            Run.CreatedBy,
            Run.CreatedAt.ToUniversalTime(),
            Run.SendRequestedAt?.ToUniversalTime());
    }

    public async Task<byte[]> ProduceAsync(RegistrationDb db, PlannedLetter letter, CancellationToken ct)
    {
        var bytes = await db.LetterTemplateContents.AsNoTracking().Where(c => c.TemplateId == Template.Id).Select(c => c.Bytes).FirstAsync(ct);
        return Platform.Docx.WordDocument.Merge(bytes, letter.Values);
    }
}
