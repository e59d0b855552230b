using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Registration.Api.Platform.Media;

/// <summary>What ffprobe found in a file: the container, whether it holds a video stream, and the longest duration it reports.</summary>
/// <param name="FormatName">ffprobe's <c>format_name</c>, for example <c>mov,mp4,m4a,3gp,3g2,mj2</c>; null when ffprobe could not read the file.</param>
/// <param name="HasVideo">A stream of type <c>video</c> is present.</param>
/// <param name="DurationSeconds">The longest of the container's and the streams' durations; null when none is given.</param>
public sealed record ProbedMedia(string? FormatName, bool HasVideo, double? DurationSeconds)
{
    public static readonly ProbedMedia Unreadable = new(null, false, null);
}

/// <summary>The <c>Media</c> configuration section.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>The ffprobe executable (default <c>ffprobe</c>, found on the PATH: Debian's ffmpeg package).</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Longest that probing one file may take, in seconds (default 30).</summary>
    public double ProbeTimeoutSeconds { get; set; } = 30;
}

/// <summary>
/// Reads a video's container and durations with ffprobe: arguments as a list (never a shell string), on a file the API
/// wrote itself, with a timeout after which the process is killed. A file ffprobe cannot read is <see cref="ProbedMedia.Unreadable"/>.
/// </summary>
public sealed class VideoProbe(MediaOptions options, ILogger<VideoProbe> logger)
{
    public async Task<ProbedMedia> ProbeAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.FfprobePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-v", "error", "-show_entries", "format=duration,format_name:stream=codec_type,duration", "-of", "json", "--", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {options.FfprobePath}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.ProbeTimeoutSeconds));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                logger.LogDebug("ffprobe could not read an uploaded file: {Error}", (await errors).Trim());
                return ProbedMedia.Unreadable;
            }

            return Parse(await output);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (ct.IsCancellationRequested)
            {
                throw;
            }

            logger.LogWarning("ffprobe took longer than {Seconds} s on an uploaded file; the file is refused", options.ProbeTimeoutSeconds);
            return ProbedMedia.Unreadable;
        }
    }

    /// <summary>ffprobe's JSON: <c>{ "streams": [ { "codec_type", "duration"? } ], "format": { "format_name", "duration"? } }</c>.</summary>
    internal static ProbedMedia Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        double? longest = null;
        string? format = null;
        var hasVideo = false;
        if (root.TryGetProperty("format", out var container))
        {
            format = container.TryGetProperty("format_name", out var name) ? name.GetString() : null;
            longest = Max(longest, Seconds(container));
        }

        if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
        {
            foreach (var stream in streams.EnumerateArray())
            {
                hasVideo |= stream.TryGetProperty("codec_type", out var type) && type.GetString() == "video";
                longest = Max(longest, Seconds(stream));
            }
        }

        return new ProbedMedia(format, hasVideo, longest);
    }

    private static double? Seconds(JsonElement element) =>
        element.TryGetProperty("duration", out var value) && value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? seconds
            : null;

    private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
