using Registration.Api.Domain;

namespace Registration.Api.Features.Events;

/// <summary>
/// The joint meetings of September 2023 in Vienna (EMIC-12, IRG-14R, WGAR-17), from the invitation of 12 July 2023:
/// the sample data <c>scripts/seed</c> loads. Its deadline has passed, so it shows real data but accepts no registration.
/// </summary>
public static class SampleEvent
{
    public const string Code = "UNCAC-2023-09";

    public static CreateEventRequest Request => new()
    {
        Code = Code,
        Title = "Joint meetings of EMIC, IRG and WGAR",
        Venue = "Boardroom B/M1, M-Building, Vienna International Centre, Vienna, Austria",
        TimeZone = "Europe/Vienna",
        StartDate = new DateOnly(2023, 9, 4),
        EndDate = new DateOnly(2023, 9, 8),
        RegistrationDeadline = "2023-08-21T23:59:59+02:00",
        StatementDeadline = "2023-08-28T23:59:59+02:00",
        ParticipationModes = [ParticipationMode.InPerson, ParticipationMode.Online],
        Meetings =
        [
            new MeetingInput
            {
                Code = "EMIC-12",
                Title = "Twelfth open-ended intergovernmental expert meeting to enhance international cooperation under the United Nations Convention against Corruption",
                Reference = "CU 2023/227(A)/DTA/CEB/CSS",
            },
            new MeetingInput
            {
                Code = "IRG-14R",
                Title = "Resumed fourteenth session of the Implementation Review Group",
                Reference = "CU 2023/228(A)/DTA/CEB/CSS",
            },
            new MeetingInput
            {
                Code = "WGAR-17",
                Title = "Seventeenth session of the Working Group on Asset Recovery",
                Reference = "CU 2023/229(A)/DTA/CEB/CSS",
            },
        ],
    };

    public static NewEvent Spec()
    {
        var r = Request;
        var zone = EventTime.Zone(r.TimeZone);
        EventTime.TryParseDeadline(r.RegistrationDeadline, zone, out var deadline);
        EventTime.TryParseDeadline(r.StatementDeadline, zone, out var statements);
        return new NewEvent(
            r.Code, r.Title, r.Venue, r.TimeZone, r.StartDate, r.EndDate, deadline, statements,
            r.ParticipationModes, [.. r.Meetings.Select(m => new NewMeeting(m.Code, m.Title, m.Reference))]);
    }
}
