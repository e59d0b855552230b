namespace Registration.Api.Platform.OpenApi;

/// <summary>
/// The document's tags, in the order a person works through the API, each with a description. A tag is named after
/// the feature folder its endpoints live in. The document lists a tag only while an operation carries it, so a tag
/// listed here before its feature exists (changes, webhooks) takes its place as soon as the feature's folder does.
/// A folder not listed here is documented after the listed ones, before Health: give a new feature its place here.
/// </summary>
public static class OpenApiTags
{
    public const string Health = "Health";

    private static readonly (string Folder, string Name, string Description)[] Ordered =
    [
        ("Events", "Events", "Joint events: one registration for meetings held together, with its deadline and modes of participation."),
        ("Delegations", "Delegations", "One delegation per State and event, created by its focal point or the secretariat."),
        ("Delegates", "Delegates", "The people a delegation registers, with their mode of participation, and their audit trail."),
        ("NotesVerbales", "Notes verbales", "The Government's official nominations (PDF), cross-checked against the delegates they name."),
        ("Decisions", "Decisions", "The secretariat approves a delegate only once a note verbale names them, or rejects with a reason."),
        ("Registrations", "Participants", "A participant's own path: registering themselves in their State's delegation, and the list of their registrations."),
        ("Agenda", "Agenda", "The numbered items of each meeting's agenda; items taken jointly belong to several meetings."),
        ("Statements", "Statements", "Pre-recorded video statements (three minutes at most, with transcripts) and written statements per agenda item, their review and publication."),
        ("RemoteSpeaking", "Remote speaking", "The sittings and their budget for statements delivered remotely by online participants, booked slot by slot."),
        ("Missions", "Missions", "The directory of Permanent Missions the secretariat writes to: addresses, focal points' e-mail, language; imported and exported as CSV."),
        ("Letters", "Letters", "Letter templates (DOCX with [[[FieldName]]] merge fields) and runs that merge one letter per mission, as DOCX or ZIP, and e-mail them."),
        ("Calls", "Calls for contributions", "Calls for written contributions by a deadline, the States' contributions per topic, and what they agreed to publish."),
        ("Changes", "Changes", "An event's changes in commit order, each with the resource as the API shows it: how an integrator follows the registration."),
        ("Webhooks", "Webhooks", "Changes pushed to integrators as they commit, signed per Standard Webhooks, with a log of every delivery attempt."),
        ("EmailTemplates", "E-mail templates", "The e-mails the service sends (to nominees, to focal points) and the Liquid templates an event may replace."),
        (Health, Health, "Liveness and readiness probes for the platform that runs the service."),
    ];

    /// <summary>The tag name of a feature folder.</summary>
    public static string NameOf(string folder) =>
        Ordered.FirstOrDefault(t => t.Folder == folder) is { Name: { } name } ? name : folder;

    /// <summary>Where a tag stands: listed tags in their order, others after them, Health last.</summary>
    public static int OrderOf(string name)
    {
        var index = Array.FindIndex(Ordered, t => t.Name == name);
        return name == Health ? int.MaxValue : index >= 0 ? index : Ordered.Length;
    }

    public static string? DescriptionOf(string name) => Ordered.FirstOrDefault(t => t.Name == name).Description;
}
