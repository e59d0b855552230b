using System.Globalization;
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

    // The Greenland zones jump from 22:59:59 (-02) on Saturday straight to 00:00 (-01) on Sunday: 23:59:59 never happens.
    [Theory]
    [InlineData("America/Nuuk", "2027-03-27", "2027-03-28T00:59:59Z")]
    [InlineData("America/Scoresbysund", "2027-03-27", "2027-03-28T00:59:59Z")]
    [InlineData("America/Nuuk", "2026-03-28", "2026-03-29T00:59:59Z")]
    [InlineData("America/Scoresbysund", "2026-03-28", "2026-03-29T00:59:59Z")]
    public void The_end_of_a_day_whose_last_hour_is_skipped_is_the_second_before_the_jump(string zone, string day, string expected)
    {
        var instant = EventTime.EndOfDay(DateOnly.Parse(day, CultureInfo.InvariantCulture), EventTime.Zone(zone));

        instant.ShouldBe(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture));
        EventTime.InZone(instant, EventTime.Zone(zone)).Date.ShouldBe(DateOnly.Parse(day, CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue));
    }

    // Santiago turns its clocks back from 23:59:59 (-03) to 23:00 (-04) on Saturday: the day's last second is the second 23:59:59.
    [Fact]
    public void The_end_of_a_day_whose_last_hour_repeats_is_the_later_23_59_59() =>
        EventTime.EndOfDay(new DateOnly(2027, 4, 3), EventTime.Zone("America/Santiago"))
            .ShouldBe(new DateTimeOffset(2027, 4, 4, 3, 59, 59, TimeSpan.Zero));

    // Santiago and Beirut skip midnight when daylight-saving time starts: the day begins when the clocks jump.
    [Theory]
    [InlineData("America/Santiago", "2027-09-05", "2027-09-05T04:00:00Z", "2027-09-05T03:59:59Z")]
    [InlineData("Asia/Beirut", "2026-03-29", "2026-03-28T22:00:00Z", "2026-03-28T21:59:59Z")]
    public void A_day_without_a_midnight_starts_at_the_jump(string zone, string day, string start, string endOfDayBefore)
    {
        var date = DateOnly.Parse(day, CultureInfo.InvariantCulture);

        EventTime.StartOfDay(date, EventTime.Zone(zone)).ShouldBe(DateTimeOffset.Parse(start, CultureInfo.InvariantCulture));
        EventTime.EndOfDay(date.AddDays(-1), EventTime.Zone(zone)).ShouldBe(DateTimeOffset.Parse(endOfDayBefore, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_deadline_date_before_a_skipped_last_hour_is_before_the_next_day_start()
    {
        var nuuk = EventTime.Zone("America/Nuuk");
        EventTime.TryParseDeadline("2027-03-27", nuuk, out var deadline).ShouldBeTrue();

        Event.ScheduleProblems(new DateOnly(2027, 3, 28), new DateOnly(2027, 3, 30), deadline, null, nuuk).ShouldBeEmpty();
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

public sealed class EventEligibilityTests
{
    private static readonly DateTimeOffset Now = new(2023, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static Event Created(IReadOnlyCollection<string>? eligible) => Event.Create(
        new NewEvent("X-3", "T", "V", "Europe/Vienna", new DateOnly(2023, 9, 4), new DateOnly(2023, 9, 8), new DateTimeOffset(2023, 8, 21, 0, 0, 0, TimeSpan.Zero),
            null, [ParticipationMode.Online], [new NewMeeting("M-1", "M", null)], eligible),
        Now);

    [Fact]
    public void Without_a_list_every_state_that_can_register_is_eligible_and_nothing_else()
    {
        var open = Created(null);

        open.IsEligible("AUT").ShouldBeTrue();
        open.IsEligible("EUE").ShouldBeTrue();
        open.IsEligible("XYZ").ShouldBeFalse();
    }

    [Fact]
    public void With_a_list_only_its_states_are_eligible_and_a_delegation_of_another_is_refused_naming_country()
    {
        var restricted = Created(["AUT", "DEU"]);

        restricted.IsEligible("DEU").ShouldBeTrue();
        restricted.IsEligible("FRA").ShouldBeFalse();
        Delegation.Open(restricted, "AUT", "secretariat", Now).Country.ShouldBe("AUT");
        var refused = Should.Throw<DomainFailure>(() => Delegation.Open(restricted, "FRA", "secretariat", Now));
        refused.Field.ShouldBe("country");
        refused.Code.ShouldBe(ErrorCodes.ValidationFailed);
    }

    [Fact]
    public void Restricting_to_null_admits_every_state_again()
    {
        var restricted = Created(["AUT"]);

        restricted.RestrictTo(null, Now);

        restricted.IsEligible("FRA").ShouldBeTrue();
        restricted.EligibleCountries.ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("AUT XYZ")]
    [InlineData("aut")]
    [InlineData("AUT DEU AUT")]
    public void An_empty_list_an_unknown_code_or_a_repeated_one_is_refused_by_the_domain(string codes)
    {
        string[] eligible = codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Event.EligibleCountriesProblems(eligible).ShouldNotBeEmpty();
        Should.Throw<DomainFailure>(() => Created(eligible)).Field.ShouldBe("eligibleCountries");
        Should.Throw<DomainFailure>(() => Created(null).RestrictTo(eligible, Now)).Field.ShouldBe("eligibleCountries");
    }
}
