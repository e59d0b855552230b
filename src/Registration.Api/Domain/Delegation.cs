namespace Registration.Api.Domain;

/// <summary>A State's delegation to one event: one per State per event, created by its focal point or the secretariat.</summary>
public sealed class Delegation
{
    private Delegation()
    {
    }

    public Guid Id { get; private set; }
    public Guid EventId { get; private set; }

    /// <summary>ISO 3166-1 alpha-3 code of the State.</summary>
    public string Country { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The delegation's newest note verbale that is not superseded; every such note counts for its delegates.</summary>
    public Guid? CurrentNoteVerbaleId { get; private set; }

    /// <summary>
    /// The focal point's e-mail address (the Permanent Mission's contact for this event): where the notices about the
    /// delegation's notes verbales and the deadline reminder go. Null until someone gives one; then nothing is sent.
    /// </summary>
    public string? FocalPointEmail { get; private set; }

    public uint Version { get; private set; }

    /// <summary>Sets (or, with null, removes) the focal point's address.</summary>
    public void ReachFocalPointAt(string? email) => FocalPointEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();

    /// <summary>The newest upload becomes the current note.</summary>
    public void MakeCurrent(NoteVerbale note) => CurrentNoteVerbaleId = note.Id;

    /// <summary>After a note is superseded, the newest note that still counts is the current one (none when none is left).</summary>
    public void ShowCurrent(NoteVerbale? newest) => CurrentNoteVerbaleId = newest?.Id;

    /// <summary>A State's delegation, while registration is open and only for a country the event admits (<see cref="Event.EnsureEligible"/>).</summary>
    public static Delegation Open(Event registration, string country, string by, DateTimeOffset now, string? focalPointEmail = null)
    {
        registration.EnsureOpen(now);
        registration.EnsureEligible(country);

        return new Delegation
        {
            Id = Guid.CreateVersion7(now),
            EventId = registration.Id,
            Country = country,
            CreatedBy = by,
            CreatedAt = now,
            FocalPointEmail = string.IsNullOrWhiteSpace(focalPointEmail) ? null : focalPointEmail.Trim(),
        };
    }
}
