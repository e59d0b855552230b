using Registration.Api.Domain;

namespace Registration.Api.Features.Events;

/// <summary>
/// A future session of the joint meetings, open for registration: the OpenAPI examples and the README's first steps
/// use it, so that a newcomer who creates it can send every other example as it stands.
/// </summary>
public static class ExampleEvent
{
    public const string Code = "UNCAC-2027-09";

    /// <summary>Meeting codes of the example event, used by the delegate examples.</summary>
    public static readonly string[] MeetingCodes = ["EMIC-14", "IRG-16", "WGAR-19"];

    public static CreateEventRequest Request => new()
    {
        Code = Code,
        Title = "Joint meetings of EMIC, IRG and WGAR",
        Venue = "Boardroom B/M1, M-Building, Vienna International Centre, Vienna, Austria",
        TimeZone = "Europe/Vienna",
        StartDate = new DateOnly(2027, 9, 6),
        EndDate = new DateOnly(2027, 9, 10),
        RegistrationDeadline = "2027-08-23",
        StatementDeadline = "2027-08-30T23:59:59+02:00",
        ParticipationModes = [ParticipationMode.InPerson, ParticipationMode.Online],
        Meetings =
        [
            new MeetingInput { Code = MeetingCodes[0], Title = "Open-ended intergovernmental expert meeting to enhance international cooperation under the United Nations Convention against Corruption" },
            new MeetingInput { Code = MeetingCodes[1], Title = "Implementation Review Group" },
            new MeetingInput { Code = MeetingCodes[2], Title = "Working Group on Asset Recovery" },
        ],
    };
}
