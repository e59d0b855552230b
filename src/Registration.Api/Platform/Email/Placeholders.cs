using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;

namespace Registration.Api.Platform.Email;

// The values a template may name, one record per kind. The same records give the placeholders' list (validation and
// the OpenAPI descriptions) and the values a template is rendered with, so the two cannot disagree. Every value is text
// (already formatted for a reader) or a number; lists are for {% for %}.

/// <summary>The event, as every e-mail may name it.</summary>
public sealed record EventPlaceholders(
    [property: Description("The event's code, for example UNCAC-2027-09.")] string Code,
    [property: Description("The event's title.")] string Title,
    [property: Description("Where it is held.")] string Venue,
    [property: Description("The first day, for example 6 September 2027.")] string StartDate,
    [property: Description("The last day.")] string EndDate,
    [property: Description("The registration deadline in the event's time zone, for example 23 August 2027, 23:59 (Europe/Vienna).")] string RegistrationDeadline,
    [property: Description("The event's IANA time zone.")] string TimeZone,
    [property: Description("Every meeting of the event.")] IReadOnlyList<MeetingPlaceholders> Meetings);

public sealed record MeetingPlaceholders(
    [property: Description("The meeting's code, for example IRG-16.")] string Code,
    [property: Description("The meeting's title.")] string Title,
    [property: Description("The meeting's reference (the invitation's symbol); empty when none.")] string Reference);

/// <summary>A delegate, as the e-mails to them name them.</summary>
public sealed record DelegatePlaceholders(
    [property: Description("Form of address, for example Ms.")] string Title,
    [property: Description("Given name, as registered.")] string GivenName,
    [property: Description("Family name, as registered.")] string FamilyName,
    [property: Description("Title, given and family name, for example Ms. Anna Berger.")] string FullName,
    [property: Description("Function; empty when none was given.")] string JobTitle,
    [property: Description("The delegate's e-mail address.")] string Email,
    [property: Description("The delegation's State (ISO 3166-1 alpha-3).")] string Country,
    [property: Description("The State's English short name.")] string CountryName,
    [property: Description("How they take part: in person or online.")] string ParticipationMode,
    [property: Description("Place in the delegation (head, alternate, adviser, member); empty when none was given.")] string Role,
    [property: Description("The meetings they attend.")] IReadOnlyList<MeetingPlaceholders> Meetings);

/// <summary>A delegate in a list sent to a focal point.</summary>
public sealed record ListedDelegatePlaceholders(
    [property: Description("Title, given and family name.")] string FullName,
    [property: Description("Given name.")] string GivenName,
    [property: Description("Family name.")] string FamilyName,
    [property: Description("E-mail address.")] string Email,
    [property: Description("Registration status: pending or approved.")] string Status,
    [property: Description("What the notes verbales say: missing (no note yet), unmatched, partial (named only within a longer name), matched or confirmed.")] string NoteVerbaleStatus);

public sealed record DelegationPlaceholders(
    [property: Description("The State (ISO 3166-1 alpha-3).")] string Country,
    [property: Description("The State's English short name.")] string CountryName,
    [property: Description("The focal point's address, where this e-mail goes.")] string FocalPointEmail);

public sealed record NoteVerbalePlaceholders(
    [property: Description("The uploaded file's name.")] string FileName,
    [property: Description("When it was uploaded, in the event's time zone.")] string UploadedAt,
    [property: Description("True for a note without a text layer (a scan), whose delegates wait for the secretariat's confirmation.")] bool IsScan);

public sealed record RegistrationReceivedPlaceholders(
    [property: Description("The event.")] EventPlaceholders Event,
    [property: Description("The nominee.")] DelegatePlaceholders Delegate);

public sealed record RegistrationApprovedPlaceholders(
    [property: Description("The event.")] EventPlaceholders Event,
    [property: Description("The nominee, with the meetings and mode they are approved for.")] DelegatePlaceholders Delegate);

public sealed record RegistrationRejectedPlaceholders(
    [property: Description("The event.")] EventPlaceholders Event,
    [property: Description("The nominee.")] DelegatePlaceholders Delegate,
    [property: Description("The secretariat's reason.")] string Reason);

public sealed record NoteVerbaleUnmatchedPlaceholders(
    [property: Description("The event.")] EventPlaceholders Event,
    [property: Description("The delegation.")] DelegationPlaceholders Delegation,
    [property: Description("The note verbale just uploaded.")] NoteVerbalePlaceholders NoteVerbale,
    [property: Description("Active delegates that no note verbale of the delegation that counts names (nor a confirmation covers).")] IReadOnlyList<ListedDelegatePlaceholders> UnmatchedDelegates);

public sealed record DeadlineReminderPlaceholders(
    [property: Description("The event.")] EventPlaceholders Event,
    [property: Description("The delegation.")] DelegationPlaceholders Delegation,
    [property: Description("Whole days left until the deadline (3 when the reminder is sent on time).")] int DaysLeft,
    [property: Description("Delegates still waiting for the secretariat's decision.")] IReadOnlyList<ListedDelegatePlaceholders> PendingDelegates,
    [property: Description("Active delegates that no note verbale that counts names (nor a confirmation covers).")] IReadOnlyList<ListedDelegatePlaceholders> UnmatchedDelegates);

/// <summary>What a placeholder holds: text or a number, an object with members, or a list of objects.</summary>
public sealed record PlaceholderShape(IReadOnlyDictionary<string, Placeholder>? Members = null, PlaceholderShape? Item = null)
{
    public static readonly PlaceholderShape Value = new();

    public bool IsObject => Members is not null;

    public bool IsList => Item is not null;
}

/// <summary>One name a template may use, with what it holds.</summary>
public sealed record Placeholder(string Name, string Description, PlaceholderShape Shape);

/// <summary>The placeholders of each kind, read from its record, and the values of a record as a template sees them.</summary>
public static class Placeholders
{
    private static readonly Dictionary<EmailKind, Type> ModelTypes = new()
    {
        [EmailKind.RegistrationReceived] = typeof(RegistrationReceivedPlaceholders),
        [EmailKind.RegistrationApproved] = typeof(RegistrationApprovedPlaceholders),
        [EmailKind.RegistrationRejected] = typeof(RegistrationRejectedPlaceholders),
        [EmailKind.NoteVerbaleUnmatched] = typeof(NoteVerbaleUnmatchedPlaceholders),
        [EmailKind.DeadlineReminder] = typeof(DeadlineReminderPlaceholders),
    };

    private static readonly Dictionary<EmailKind, PlaceholderShape> Shapes = ModelTypes.ToDictionary(p => p.Key, p => ShapeOf(p.Value));

    public static Type ModelType(EmailKind kind) => ModelTypes[kind];

    /// <summary>The kind's top-level placeholders (event, delegate, ...).</summary>
    public static IReadOnlyDictionary<string, Placeholder> Of(EmailKind kind) => Shapes[kind].Members!;

    /// <summary>Every placeholder of the kind as a dotted path (<c>delegate.meetings[].title</c> for a list's members), with its description.</summary>
    public static IEnumerable<(string Path, string Description)> Paths(EmailKind kind) => PathsOf(Of(kind), "");

    /// <summary>A record's values as the template sees them: dictionaries by camelCase name, lists, text and numbers.</summary>
    public static IDictionary<string, object?> ToModel(object placeholders) => (IDictionary<string, object?>)Convert(placeholders)!;

    private static IEnumerable<(string Path, string Description)> PathsOf(IReadOnlyDictionary<string, Placeholder> members, string prefix)
    {
        foreach (var member in members.Values)
        {
            var path = prefix + member.Name;
            if (member.Shape.IsObject)
            {
                foreach (var inner in PathsOf(member.Shape.Members!, path + "."))
                {
                    yield return inner;
                }
            }
            else if (member.Shape.IsList)
            {
                yield return (path, member.Description + " A list: {% for x in " + path + " %}.");
                foreach (var inner in PathsOf(member.Shape.Item!.Members!, path + "[]."))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (path, member.Description);
            }
        }
    }

    private static PlaceholderShape ShapeOf(Type type)
    {
        if (type == typeof(string) || type == typeof(int) || type == typeof(bool))
        {
            return PlaceholderShape.Value;
        }

        if (ListItemType(type) is { } item)
        {
            return new PlaceholderShape(Item: ShapeOf(item));
        }

        return new PlaceholderShape(Members: type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract")
            .Select(p => new Placeholder(Name(p), p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "", ShapeOf(p.PropertyType)))
            .ToDictionary(p => p.Name, StringComparer.Ordinal));
    }

    private static object? Convert(object? value)
    {
        switch (value)
        {
            case null or string or int or bool:
                return value;
            case IEnumerable list:
                return list.Cast<object?>().Select(Convert).ToList();
            default:
                var properties = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract");
                return properties.ToDictionary(Name, p => Convert(p.GetValue(value)), StringComparer.Ordinal);
        }
    }

    private static Type? ListItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static string Name(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
