using System.Globalization;

namespace Registration.Api.Domain;

/// <summary>
/// Reading and showing instants in an event's own time zone. Deadlines are instants; a client may send
/// a bare calendar date, which means the end of that day (23:59:59) in the event's time zone, the way
/// invitations state them ("not later than 21 August 2023").
/// </summary>
public static class EventTime
{
    /// <summary>Finds an IANA time zone; Windows ids and abbreviations are refused so that the wire stays IANA.</summary>
    public static bool TryFindZone(string? ianaId, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(ianaId) || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var found))
        {
            return false;
        }

        // On Linux a Windows id ("W. Europe Standard Time") also resolves; only a zone found by its IANA id counts.
        if (!found.HasIanaId || !string.Equals(found.Id, ianaId, StringComparison.Ordinal))
        {
            return false;
        }

        zone = found;
        return true;
    }

    public static TimeZoneInfo Zone(string ianaId) =>
        TryFindZone(ianaId, out var zone) ? zone : throw new InvalidOperationException($"Unknown time zone '{ianaId}'.");

    /// <summary>
    /// Parses an RFC 3339 instant with an explicit offset (<c>2023-08-21T23:59:59+02:00</c> or <c>...Z</c>), or a
    /// calendar date (<c>2023-08-21</c>) meaning the last second of that day in <paramref name="zone"/>.
    /// A date-time without an offset is ambiguous and refused.
    /// </summary>
    public static bool TryParseDeadline(string? text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            instant = EndOfDay(day, zone);
            return true;
        }

        if (!HasExplicitOffset(text))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        // PostgreSQL keeps microseconds; a deadline must compare equal to itself once stored.
        instant = parsed.ToUniversalTime().AddTicks(-(parsed.UtcTicks % 10));
        return true;
    }

    /// <summary>
    /// The first instant of <paramref name="day"/> in <paramref name="zone"/>: midnight, or, where a daylight-saving jump
    /// skips midnight, the instant the clocks jump; where midnight occurs twice, the first time.
    /// </summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) =>
        FirstInstantAtOrAfter(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    /// <summary>
    /// The last whole second of <paramref name="day"/> in <paramref name="zone"/>: 23:59:59, or, when a daylight-saving
    /// jump skips 23:59:59, the second before the jump, so a deadline given as a date never reaches into the next day.
    /// </summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone) => StartOfDay(day.AddDays(1), zone).AddSeconds(-1);

    /// <summary>An instant shown with the offset the event's time zone has at that instant.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    /// <summary>The first instant (UTC, whole seconds) at which the zone's wall clock shows <paramref name="local"/> or later.</summary>
    private static DateTimeOffset FirstInstantAtOrAfter(DateTime local, TimeZoneInfo zone)
    {
        if (zone.IsAmbiguousTime(local))
        {
            // Shown twice when the clocks go back: the earlier instant has the larger offset.
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max()).ToUniversalTime();
        }

        if (!zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        // Skipped by a jump forward: the answer is the jump itself. Offsets lie within ±14 hours, and no zone moves its
        // clocks twice within a day, so the wall clock rises monotonically across this window: search it by the second.
        var asUtc = new DateTimeOffset(local, TimeSpan.Zero);
        var low = asUtc.AddHours(-15);   // shows a time before local
        var high = asUtc.AddHours(15);   // shows a time after local
        while ((high - low).TotalSeconds > 1)
        {
            var middle = low.AddSeconds(Math.Floor((high - low).TotalSeconds / 2));
            if (TimeZoneInfo.ConvertTime(middle, zone).DateTime >= local)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    private static bool HasExplicitOffset(string text)
    {
        var timePart = text.IndexOfAny(['T', 't', ' ']);
        if (timePart < 0)
        {
            return false;
        }

        var time = text[(timePart + 1)..];
        return time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }
}
