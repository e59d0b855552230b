using Registration.Api.Domain;

namespace Registration.UnitTests.Events;

public sealed class EventTimeTests
{
    private static readonly TimeZoneInfo Vienna = EventTime.Zone("Europe/Vienna");

    [Theory]
    [InlineData("2023-08-21", "2023-08-21T21:59:59Z")]
    [InlineData("2023-12-21", "2023-12-21T22:59:59Z")]
    [InlineData("2023-08-21T23:59:59+02:00", "2023-08-21T21:59:59Z")]
    [InlineData("2023-08-21T10:00:00Z", "2023-08-21T10:00:00Z")]
    [InlineData("2023-08-21T10:00:00.5-04:00", "2023-08-21T14:00:00.5Z")]
    public void Deadlines_are_instants_with_an_offset_or_dates_meaning_the_end_of_the_day_in_the_event_zone(string text, string utc)
    {
        EventTime.TryParseDeadline(text, Vienna, out var instant).ShouldBeTrue();

        instant.ShouldBe(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2023-08-21T23:59:59")]
    [InlineData("2023-08-21 23:59")]
    [InlineData("21/08/2023")]
    [InlineData("21 August 2023")]
    [InlineData("2023-02-30")]
    [InlineData("")]
    [InlineData(null)]
    public void Ambiguous_or_malformed_deadlines_are_refused(string? text) =>
        EventTime.TryParseDeadline(text, Vienna, out _).ShouldBeFalse();

    [Theory]
    [InlineData("Europe/Vienna", true)]
    [InlineData("America/New_York", true)]
    [InlineData("UTC", true)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("CET+1", false)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("", false)]
    public void Only_iana_time_zone_names_are_accepted(string name, bool accepted) =>
        EventTime.TryFindZone(name, out _).ShouldBe(accepted);

    [Fact]
    public void The_end_of_a_day_that_ends_daylight_saving_time_is_taken_in_winter_time()
    {
        var instant = EventTime.EndOfDay(new DateOnly(2023, 10, 29), Vienna);

        instant.ShouldBe(new DateTimeOffset(2023, 10, 29, 22, 59, 59, TimeSpan.Zero));
    }
}

public sealed class EventScheduleTests
{
    private static readonly TimeZoneInfo Vienna = EventTime.Zone("Europe/Vienna");
    private static readonly DateOnly Start = new(2023, 9, 4);
    private static readonly DateOnly End = new(2023, 9, 8);

    private static List<string> Problems(DateTimeOffset deadline, DateTimeOffset? statements = null, DateOnly? end = null) =>
        [.. Event.ScheduleProblems(Start, end ?? End, deadline, statements, Vienna).Select(p => p.Field)];

    [Fact]
    public void A_deadline_one_second_before_the_first_day_begins_in_the_event_zone_is_accepted() =>
        Problems(new DateTimeOffset(2023, 9, 3, 23, 59, 59, TimeSpan.FromHours(2))).ShouldBeEmpty();

    [Fact]
    public void A_deadline_at_midnight_of_the_first_day_in_the_event_zone_is_refused() =>
        Problems(new DateTimeOffset(2023, 9, 3, 22, 0, 0, TimeSpan.Zero)).ShouldBe(["registrationDeadline"]);

    [Fact]
    public void An_end_before_the_start_is_refused() =>
        Problems(new DateTimeOffset(2023, 8, 21, 0, 0, 0, TimeSpan.Zero), end: new DateOnly(2023, 9, 3)).ShouldContain("endDate");

    [Fact]
    public void A_statement_deadline_after_the_last_day_is_refused_and_on_the_last_day_accepted()
    {
        var deadline = new DateTimeOffset(2023, 8, 21, 0, 0, 0, TimeSpan.Zero);

        Problems(deadline, new DateTimeOffset(2023, 9, 8, 23, 0, 0, TimeSpan.FromHours(2))).ShouldBeEmpty();
        Problems(deadline, new DateTimeOffset(2023, 9, 9, 0, 0, 0, TimeSpan.FromHours(2))).ShouldBe(["statementDeadline"]);
    }

    [Fact]
    public void Registration_is_closed_from_the_deadline_instant_on()
    {
        var deadline = new DateTimeOffset(2023, 8, 21, 21, 59, 59, TimeSpan.Zero);
        var created = Event.Create(
            new NewEvent("X-1", "T", "V", "Europe/Vienna", Start, End, deadline, null, [ParticipationMode.Online], [new NewMeeting("M-1", "M", null)]),
            deadline.AddDays(-30));

        created.StatusAt(deadline.AddTicks(-1)).ShouldBe(RegistrationStatus.Open);
        created.StatusAt(deadline).ShouldBe(RegistrationStatus.Closed);
    }

    [Fact]
    public void Rescheduling_past_the_start_is_refused_by_the_domain()
    {
        var created = Event.Create(
            new NewEvent("X-2", "T", "V", "Europe/Vienna", Start, End, new DateTimeOffset(2023, 8, 21, 0, 0, 0, TimeSpan.Zero), null,
                [ParticipationMode.Online], [new NewMeeting("M-1", "M", null)]),
            DateTimeOffset.UnixEpoch);

        var failure = Should.Throw<DomainFailure>(() => created.Reschedule(new DateTimeOffset(2023, 9, 5, 0, 0, 0, TimeSpan.Zero), null, DateTimeOffset.UnixEpoch));

        failure.Code.ShouldBe(ErrorCodes.ValidationFailed);
        failure.Field.ShouldBe("registrationDeadline");
    }
}
