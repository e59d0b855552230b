using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Domain.Calls;
using Registration.Api.Platform.Auth;
using System.Security.Claims;

namespace Registration.Api.Features.Calls;

/// <summary>A topic of a call.</summary>
/// <param name="Code">What contributions name it by: lower-case letters, digits and hyphens, unique in the call.</param>
/// <param name="Title">The topic as the call states it.</param>
public sealed record TopicDto(string Code, string Title);

/// <summary>A structured field of a call's contributions.</summary>
/// <param name="Key">What a contribution's <c>answers</c> name it by: lower-case letters, digits and hyphens, unique in the call.</param>
/// <param name="Title">The field as the call states it.</param>
public sealed record FieldDto(string Key, string Title);

/// <summary>A call for written contributions.</summary>
/// <param name="Id">The call's id.</param>
/// <param name="Reference">The note's reference, unique: <c>CU 2024/132(A)/DTA/CEB/TSS</c>.</param>
/// <param name="Title">What the contributions are for, also the subject line the note asks for.</param>
/// <param name="Body">The body the call serves.</param>
/// <param name="Topics">The topics States may contribute on.</param>
/// <param name="Fields">The structured fields each contribution may fill.</param>
/// <param name="Guidance">The guidance note for States, or null.</param>
/// <param name="TimeZone">IANA time zone that a plain-date deadline is read in.</param>
/// <param name="Deadline">From this instant on nothing new is accepted (with the offset of the call's time zone).</param>
/// <param name="EligibleCountries">The States invited; null: every State that can sign the Convention.</param>
/// <param name="Status"><c>open</c> until the deadline, <c>closed</c> from then on.</param>
/// <param name="ClosedAt">When the closing job ran (UTC), or null.</param>
/// <param name="CreatedAt">When the call was opened (UTC).</param>
public sealed record CallResponse(
    Guid Id,
    string Reference,
    string Title,
    string Body,
    IReadOnlyList<TopicDto> Topics,
    IReadOnlyList<FieldDto> Fields,
    string? Guidance,
    string TimeZone,
    DateTimeOffset Deadline,
    IReadOnlyList<string>? EligibleCountries,
    CallStatus Status,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt);

/// <summary>A file of a contribution.</summary>
/// <param name="Id">The file's id.</param>
/// <param name="FileName">The file's name, cleaned, ending in <c>.pdf</c> or <c>.docx</c>.</param>
/// <param name="ContentType"><c>application/pdf</c> or the DOCX media type, judged by the bytes.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Sha256">The SHA-256 of its bytes, hexadecimal.</param>
/// <param name="UploadedAt">When (UTC).</param>
public sealed record ContributionFileResponse(Guid Id, string FileName, string ContentType, long SizeBytes, string Sha256, DateTimeOffset UploadedAt);

/// <summary>A State's contribution to a call on one topic.</summary>
/// <param name="Id">The contribution's id.</param>
/// <param name="CallId">The call.</param>
/// <param name="Country">The State's code.</param>
/// <param name="CountryName">Its English short name.</param>
/// <param name="Topic">The topic's code.</param>
/// <param name="Language">The official language it is written in.</param>
/// <param name="Answers">The call's structured fields, by key.</param>
/// <param name="Publication"><c>publish</c> (the default: published unless the State objects) or <c>withhold</c>.</param>
/// <param name="Files">Its files, oldest first.</param>
/// <param name="SubmittedBy">Who submitted it (the token's <c>sub</c>).</param>
/// <param name="SubmittedAt">When (UTC).</param>
/// <param name="UpdatedAt">When it last changed, its publication included (UTC).</param>
public sealed record ContributionResponse(
    Guid Id,
    Guid CallId,
    string Country,
    string CountryName,
    string Topic,
    OfficialLanguage Language,
    IReadOnlyDictionary<string, string> Answers,
    Publication Publication,
    IReadOnlyList<ContributionFileResponse> Files,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);

internal static class CallMapping
{
    public static CallResponse ToResponse(this Call c, DateTimeOffset now)
    {
        var zone = EventTime.Zone(c.TimeZoneId);
        return new CallResponse(
            c.Id, c.Reference, c.Title, c.Body,
            [.. c.Topics.Select(t => new TopicDto(t.Code, t.Title))],
            [.. c.Fields.Select(f => new FieldDto(f.Key, f.Title))],
            c.Guidance, c.TimeZoneId, EventTime.InZone(c.Deadline, zone), c.EligibleCountries, c.StatusAt(now),
            c.ClosedAt?.ToUniversalTime(), c.CreatedAt.ToUniversalTime());
    }

    public static ContributionFileResponse ToResponse(this ContributionFile f) =>
        new(f.Id, f.FileName, f.ContentType, f.SizeBytes, f.Sha256.Trim(), f.UploadedAt.ToUniversalTime());

    public static ContributionResponse ToResponse(this Contribution c, IEnumerable<ContributionFile> files) => new(
        c.Id, c.CallId, c.Country, Countries.NameOf(c.Country), c.Topic, c.Language, c.Answers, c.Publication,
        [.. files.OrderBy(f => f.Id).Select(f => f.ToResponse())], c.SubmittedBy, c.SubmittedAt.ToUniversalTime(), c.UpdatedAt.ToUniversalTime());

    public static async Task<ContributionResponse> ToResponseAsync(this Contribution c, RegistrationDb db, CancellationToken ct) =>
        c.ToResponse(await db.ContributionFiles.AsNoTracking().Where(f => f.ContributionId == c.Id).ToListAsync(ct));

    public static DomainFailure CallNotFound(Guid callId) =>
        DomainFailure.NotFound(ErrorCodes.CallNotFound, $"There is no call for contributions with id {callId}.");

    public static DomainFailure ContributionNotFound(Guid contributionId) =>
        DomainFailure.NotFound(ErrorCodes.ContributionNotFound, $"There is no contribution {contributionId} to this call that you may see.");
}

internal static class CallAccess
{
    public const string Rule = "A delegation sees and changes only its own State's contributions (another's answer `404 contribution-not-found`, as ids that do not exist); the secretariat, every State's.";

    /// <summary>The call under a share lock, inside the caller's transaction: its deadline is the stored one while this write runs.</summary>
    public static async Task<Call> LockCallForWriteAsync(this RegistrationDb db, Guid callId, CancellationToken ct) =>
        await db.Calls.FromSql($"SELECT *, xmin FROM calls WHERE id = {callId} FOR SHARE").AsNoTracking().Where(c => c.Id == callId).FirstOrDefaultAsync(ct)
        ?? throw CallMapping.CallNotFound(callId);

    public static async Task<Call> FindCallAsync(this RegistrationDb db, Guid callId, CancellationToken ct) =>
        await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw CallMapping.CallNotFound(callId);

    /// <summary>The contribution (tracked), if the caller may see it; otherwise <c>404</c>.</summary>
    public static async Task<Contribution> FindVisibleContributionAsync(this RegistrationDb db, Guid callId, Guid contributionId, ClaimsPrincipal user, CancellationToken ct)
    {
        var contribution = await db.Contributions.FirstOrDefaultAsync(c => c.Id == contributionId && c.CallId == callId, ct);
        return contribution is not null && user.MaySee(contribution.Country) ? contribution : throw CallMapping.ContributionNotFound(contributionId);
    }
}

internal static class CallRules
{
    public const string CodeFormat = "lower-case letters, digits and hyphens, for example successes-and-good-practices";

    public static bool IsCode(string? code) =>
        code is { Length: > 0 and <= Call.MaxCodeLength } && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && char.IsAsciiLetterOrDigit(code[0]);

    /// <summary>A contribution's answers against its call: known keys only, each within the length limit and clean text.</summary>
    public static void EnsureAnswersFit(Call call, IReadOnlyDictionary<string, string> answers)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in answers)
        {
            if (!call.Fields.Any(f => f.Key == key))
            {
                errors[$"answers.{key}"] = [$"'{key}' is not a field of this call; its fields are {string.Join(", ", call.Fields.Select(f => f.Key))}."];
            }
            else if (value.Length > Contribution.MaxAnswerLength)
            {
                errors[$"answers.{key}"] = [$"An answer may hold at most {Contribution.MaxAnswerLength} characters."];
            }
            else if (!TextRules.IsCleanText(value, multiline: true))
            {
                errors[$"answers.{key}"] = ["An answer must not contain control characters other than line breaks and tabs, nor invisible formatting characters."];
            }
        }

        if (errors.Count > 0)
        {
            throw new DomainFailure(FailureKind.Invalid, ErrorCodes.ValidationFailed, "Some answers do not fit the call.") { Errors = errors };
        }
    }

    public static void EnsureTopic(Call call, string topic)
    {
        if (!call.Topics.Any(t => t.Code == topic))
        {
            throw DomainFailure.Invalid("topic", $"'{topic}' is not a topic of this call; its topics are {string.Join(", ", call.Topics.Select(t => t.Code))}.");
        }
    }
}

/// <summary>The seed's call, for the OpenAPI examples (the note's deadline was 7 June 2024; the example's lies ahead so that it can be sent).</summary>
internal static class ExampleCall
{
    public const string Reference = "CU 2024/132(A)/DTA/CEB/TSS";
    public const string ProcurementTopic = "procurement";

    public static CreateCallRequest Request => new()
    {
        Reference = Reference,
        Title = "Fifteenth session of the Working Group on the Prevention of Corruption",
        Body = "Open-ended Intergovernmental Working Group on the Prevention of Corruption",
        Topics =
        [
            new TopicInput { Code = ProcurementTopic, Title = "The prevention of corruption in procurement at various government levels, including good practices, lessons learned and challenges" },
            new TopicInput { Code = "technology-in-procurement", Title = "The effective use of technology to prevent, detect, deter and counter corruption in procurement" },
        ],
        Guidance = "States parties are invited to share their experiences of implementing the provisions under consideration, preferably by using the "
            + "self-assessment checklist and including, where possible, successes, challenges, technical assistance needs, and lessons learned in implementation. "
            + "The secretariat will make all submissions received available online ahead of the next meeting of the Working Group, unless requested otherwise.",
        TimeZone = "Europe/Vienna",
        Deadline = "2027-06-07",
    };
}
