namespace Registration.Api.Domain;

/// <summary>How a delegate takes part. On the wire: <c>in-person</c>, <c>online</c>.</summary>
public enum ParticipationMode
{
    InPerson,
    Online,
}

/// <summary>Whether an event still accepts registrations. On the wire: <c>open</c>, <c>closed</c>.</summary>
public enum RegistrationStatus
{
    Open,
    Closed,
}
