namespace Registration.Api.Domain;

/// <summary>
/// A numbered item of a meeting's agenda (<c>3</c>, <c>4(a)</c>). Items taken jointly — the invitation takes items 3
/// and 4 jointly for the three meetings — belong to several meetings of the event. Statements and remote slots are
/// made on an item.
/// </summary>
public sealed class AgendaItem
{
    public const int MaxNumberLength = 20;
    public const int MaxTitleLength = 500;

    private AgendaItem()
    {
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }

    /// <summary>The item's number as the agenda prints it: <c>3</c>, <c>4(a)</c>. Unique within the event.</summary>
    public string Number { get; private set; } = "";
    public string Title { get; private set; } = "";

    /// <summary>Where the item stands in the agenda: its number with the leading digits padded, so that 4(a) comes after 3 and 10 after 9.</summary>
    public string SortKey { get; private set; } = "";

    /// <summary>The codes of the event's meetings that take the item, in the event's order.</summary>
    public List<string> Meetings { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static AgendaItem Create(Event registration, string number, string title, IReadOnlyCollection<string> meetings, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EventId = registration.Id,
        Number = number,
        SortKey = SortKeyOf(number),
        Title = title,
        Meetings = InEventOrder(registration, meetings),
        CreatedAt = now,
        UpdatedAt = now,
    };

    public void Change(Event registration, string? title, IReadOnlyCollection<string>? meetings, DateTimeOffset now)
    {
        Title = title ?? Title;
        Meetings = meetings is null ? Meetings : InEventOrder(registration, meetings);
        UpdatedAt = now;
    }

    internal static string SortKeyOf(string number)
    {
        var digits = number.TakeWhile(char.IsAsciiDigit).Count();
        return digits is > 0 and <= 8 ? number[..digits].PadLeft(8, '0') + number[digits..] : number;
    }

    public bool IsTakenBy(string meetingCode) => Meetings.Contains(meetingCode, StringComparer.Ordinal);

    private static List<string> InEventOrder(Event registration, IReadOnlyCollection<string> meetings)
    {
        if (meetings.Count == 0)
        {
            throw DomainFailure.Invalid("meetings", "An agenda item belongs to at least one meeting.");
        }

        foreach (var unknown in meetings.Where(m => !registration.HasMeeting(m)))
        {
            throw DomainFailure.Invalid("meetings", $"'{unknown}' is not a meeting of {registration.Code}.");
        }

        return [.. registration.Meetings.Select(m => m.Code).Where(meetings.Contains)];
    }
}
