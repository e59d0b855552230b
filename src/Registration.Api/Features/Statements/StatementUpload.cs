using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Registration.Api.Domain;
using Registration.Api.Platform.Files;
using Registration.Api.Platform.Media;
using Registration.Api.Platform.OpenApi;
using Registration.Api.Platform.Problems;

namespace Registration.Api.Features.Statements;

/// <summary>The <c>Statements</c> configuration section.</summary>
public sealed class StatementOptions
{
    public const string Section = "Statements";
    private const int MultipartOverhead = 64 * 1024;

    /// <summary>Largest accepted video, in bytes (default 500 MB).</summary>
    public long MaxVideoBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>Largest accepted written statement (PDF or DOCX), in bytes (default 20 MB).</summary>
    public long MaxDocumentBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The largest multipart body: the larger file limit, the transcript and room for the framing.</summary>
    public long BodyLimit => Math.Max(MaxVideoBytes, MaxDocumentBytes) + (Statement.MaxTranscriptLength * 4L) + MultipartOverhead;

    public StatementOptions Validate() => MaxVideoBytes > 0 && MaxDocumentBytes > 0
        ? this
        : throw new InvalidOperationException($"{Section}: MaxVideoBytes and MaxDocumentBytes must be positive.");
}

/// <summary>
/// A statement upload as received: the file staged in the file store (streamed, hashed and measured on the way), and the
/// form's fields. The file is checked by its bytes — ffprobe for a video, PdfPig or the DOCX package for a written
/// statement — never by its name or declared type.
/// </summary>
internal sealed record ReceivedStatement(StatementKind Kind, StagedFile File, Guid AgendaItemId, string? Meeting, string? Transcript, string Extension, string ContentType, double? DurationSeconds)
{
    public const string VideoPart = "video";
    public const string DocumentPart = "document";
    public const string TranscriptPart = "transcript";
    public const string AgendaItemPart = "agendaItemId";
    public const string MeetingPart = "meeting";

    public static readonly FormPart[] Parts =
    [
        new(AgendaItemPart, "The agenda item the statement is on (its id).", Format: "uuid"),
        new(MeetingPart, "Optional: the meeting the statement is addressed to, for an item taken jointly (default: the first meeting that takes the item, in the event's order). Its ordinal and short name begin the label."),
        new(VideoPart, "A pre-recorded video statement (MP4, QuickTime, Matroska/WebM, AVI, MPEG-TS or Ogg), three minutes at most. Send it with `transcript`, or send `document` instead."),
        new(TranscriptPart, "The video's transcript, plain text (required with `video`, refused with `document`)."),
        new(DocumentPart, "A written statement: PDF, or DOCX (macro-enabled and encrypted files are refused). Send it, or `video` and `transcript`."),
    ];

    /// <summary>
    /// Streams the body: the file part goes straight to the store's staging area within its kind's size limit
    /// (<c>413</c> beyond), the text parts are read within theirs. Any failure — a refusal, a broken body, a client that
    /// went away — removes the staged file before it propagates.
    /// </summary>
    public static async Task<ReceivedStatement> ReadAsync(
        HttpRequest request, StatementOptions options, IFileStore store, VideoProbe probe, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = options.BodyLimit;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "Send the statement as multipart/form-data: 'agendaItemId', and either 'video' with 'transcript' or 'document'.");
        }

        StagedFile? staged = null;
        try
        {
            var (kind, fields) = await ReadPartsAsync(new MultipartReader(boundary, request.Body), options, store, file => staged = file, ct);
            return await CheckAsync(kind, staged!, fields, probe, ct);
        }
        catch
        {
            if (staged is not null)
            {
                await store.DeleteAsync(staged.Key, CancellationToken.None);
            }

            throw;
        }
    }

    private static async Task<(StatementKind Kind, Dictionary<string, string> Fields)> ReadPartsAsync(
        MultipartReader reader, StatementOptions options, IFileStore store, Action<StagedFile> stagedAs, CancellationToken ct)
    {
        StatementKind? kind = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition() && !disposition.IsFormDisposition())
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name is VideoPart or DocumentPart)
                {
                    if (kind is not null)
                    {
                        throw DomainFailure.Invalid(name, "Send one file: either 'video' (with 'transcript') or 'document', once.");
                    }

                    kind = name == VideoPart ? StatementKind.Video : StatementKind.Written;
                    var limit = kind == StatementKind.Video ? options.MaxVideoBytes : options.MaxDocumentBytes;
                    stagedAs(await store.StageAsync(section.Body, limit, ct));
                }
                else if (name is TranscriptPart or AgendaItemPart or MeetingPart)
                {
                    if (fields.ContainsKey(name))
                    {
                        throw DomainFailure.Invalid(name, $"Send '{name}' once.");
                    }

                    fields[name] = await ReadTextAsync(section.Body, name, name == TranscriptPart ? Statement.MaxTranscriptLength : 100, ct);
                }
            }
        }
        catch (Exception broken) when (broken is InvalidDataException || (broken is IOException and not BadHttpRequestException && !ct.IsCancellationRequested && !ClientDisconnects.IsReset(broken)))
        {
            throw DomainFailure.Invalid("body", $"The multipart/form-data body is malformed: {broken.Message.Trim()}");
        }

        return kind is { } found
            ? (found, fields)
            : throw DomainFailure.Invalid("body", "Send the statement's file: 'video' (with 'transcript') or 'document'.");
    }

    private static async Task<ReceivedStatement> CheckAsync(StatementKind kind, StagedFile file, Dictionary<string, string> fields, VideoProbe probe, CancellationToken ct)
    {
        var agendaItem = fields.TryGetValue(AgendaItemPart, out var id) && Guid.TryParse(id.Trim(), out var parsed)
            ? parsed
            : throw DomainFailure.Invalid(AgendaItemPart, "agendaItemId is required: the id of one of the event's agenda items.");
        var meeting = fields.TryGetValue(MeetingPart, out var code) && code.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        var transcript = fields.TryGetValue(TranscriptPart, out var text)
            // Line breaks are the transcript's paragraphs; other control characters and lone surrogates go.
            ? string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(Platform.Text.StorableText.Clean)).Trim()
            : null;
        if (file.SizeBytes == 0)
        {
            throw DomainFailure.Invalid(kind == StatementKind.Video ? VideoPart : DocumentPart, "The file is empty.");
        }

        if (kind == StatementKind.Written)
        {
            if (transcript is not null)
            {
                throw DomainFailure.Invalid(TranscriptPart, "A transcript goes with a video; a written statement is its own text.");
            }

            var document = WrittenDocuments.Check(file.LocalPath);
            return new ReceivedStatement(kind, file, agendaItem, meeting, null, document.Extension, document.ContentType, null);
        }

        if (string.IsNullOrEmpty(transcript))
        {
            throw DomainFailure.Invalid(TranscriptPart, "A video statement is submitted with its transcript: send the part 'transcript'.");
        }

        var media = await probe.ProbeAsync(file.LocalPath, ct);
        var container = VideoContainer.Of(media);
        if (!media.HasVideo || container is null || media.DurationSeconds is not > 0)
        {
            throw new DomainFailure(FailureKind.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                media.FormatName is null
                    ? "The file is not a readable video."
                    : !media.HasVideo
                        ? "The file holds no video stream (audio only, or something else): a video statement is a video."
                        : "The file is not a video in a container this service accepts (MP4, QuickTime, Matroska/WebM, AVI, MPEG-TS, Ogg).");
        }

        return new ReceivedStatement(kind, file, agendaItem, meeting, transcript, container.Value.Extension, container.Value.ContentType, media.DurationSeconds);
    }

    private static async Task<string> ReadTextAsync(Stream body, string name, int maxChars, CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var buffer = new char[4096];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            if (text.Length + read > maxChars)
            {
                throw DomainFailure.Invalid(name, $"'{name}' may hold at most {maxChars} characters.");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString().Normalize(NormalizationForm.FormC);
    }
}

/// <summary>The video containers accepted, by ffprobe's <c>format_name</c>, with the media type and extension they are served with.</summary>
internal static class VideoContainer
{
    public static (string ContentType, string Extension)? Of(ProbedMedia media) => media.FormatName?.Split(',') switch
    {
        null => null,
        var names when names.Contains("mp4") || names.Contains("mov") => ("video/mp4", ".mp4"),
        var names when names.Contains("webm") || names.Contains("matroska") => ("video/x-matroska", ".mkv"),
        var names when names.Contains("avi") => ("video/x-msvideo", ".avi"),
        var names when names.Contains("mpegts") => ("video/mp2t", ".ts"),
        var names when names.Contains("ogg") => ("video/ogg", ".ogv"),
        _ => null,
    };
}
