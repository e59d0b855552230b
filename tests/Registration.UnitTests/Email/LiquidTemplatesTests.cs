using Registration.Api.Platform.Email;

namespace Registration.UnitTests.Email;

public sealed class LiquidTemplatesTests
{
    private static readonly EventPlaceholders Event = new(
        "UNCAC-2027-09", "Joint meetings of EMIC, IRG and WGAR", "Vienna International Centre", "6 September 2027", "10 September 2027",
        "23 August 2027, 23:59 (Europe/Vienna)", "Europe/Vienna",
        [new("EMIC-14", "Expert meeting", "CU 2027/1"), new("IRG-16", "Implementation Review Group", "")]);

    private static readonly DelegatePlaceholders Anna = new(
        "Ms.", "Anna", "Berger", "Ms. Anna Berger", "Counsellor", "anna@example.gv.at", "AUT", "Austria", "in person", "head",
        [new("IRG-16", "Implementation Review Group", "")]);

    private static readonly ListedDelegatePlaceholders Ben = new("Mr. Ben Wagner", "Ben", "Wagner", "ben@example.gv.at", "pending", "unmatched");

    private static object Values(EmailKind kind) => kind switch
    {
        EmailKind.RegistrationReceived => new RegistrationReceivedPlaceholders(Event, Anna),
        EmailKind.RegistrationApproved => new RegistrationApprovedPlaceholders(Event, Anna),
        EmailKind.RegistrationRejected => new RegistrationRejectedPlaceholders(Event, Anna, "Not named in the note."),
        EmailKind.NoteVerbaleUnmatched => new NoteVerbaleUnmatchedPlaceholders(
            Event, new DelegationPlaceholders("AUT", "Austria", "fp@example.gv.at"), new NoteVerbalePlaceholders("note.pdf", "14 August 2027, 10:00 (Europe/Vienna)", false), [Ben]),
        EmailKind.DeadlineReminder => new DeadlineReminderPlaceholders(Event, new DelegationPlaceholders("AUT", "Austria", "fp@example.gv.at"), 3, [Ben], [Ben]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<EmailKind> Kinds() => [.. EmailKinds.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_default_template_passes_its_own_check_and_renders_every_part(EmailKind kind)
    {
        var template = DefaultEmailTemplates.For(kind);
        LiquidTemplates.Check(kind, template).ShouldBeEmpty();

        var rendered = await LiquidTemplates.RenderAsync(template, Values(kind));
        rendered.Subject.ShouldStartWith("UNCAC-2027-09: ");
        rendered.HtmlBody.ShouldContain("Joint meetings of EMIC, IRG and WGAR");
        rendered.TextBody.ShouldContain("Joint meetings of EMIC, IRG and WGAR");
        rendered.TextBody.ShouldNotContain("{{");
        rendered.TextBody.ShouldEndWith("Kind regards,\nSecretariat of the Joint meetings of EMIC, IRG and WGAR\n");
        rendered.HtmlBody.ShouldNotContain("{%");
    }

    [Fact]
    public void Every_placeholder_of_a_kind_is_accepted_and_a_near_miss_is_named()
    {
        foreach (var kind in EmailKinds.All)
        {
            foreach (var (path, description) in Placeholders.Paths(kind))
            {
                description.ShouldNotBeNullOrWhiteSpace(path);
                var source = path.Contains("[].", StringComparison.Ordinal)
                    ? $"{{% for x in {path[..path.IndexOf("[]", StringComparison.Ordinal)]} %}}{{{{ x.{path[(path.IndexOf("[].", StringComparison.Ordinal) + 3)..]} }}}}{{% endfor %}}"
                    : $"{{{{ {path} }}}}";
                LiquidTemplates.Check(kind, new EmailTemplate("s", source, source)).ShouldBeEmpty($"{kind}: {source}");
            }
        }

        var problems = LiquidTemplates.Check(EmailKind.RegistrationReceived, new EmailTemplate("{{ delegate.givenname }}", "<p>{{ Event.title }}</p>", "{{ reason }}"));
        problems.Select(p => (p.Field, p.UnknownPlaceholder)).ShouldBe([("subject", "delegate.givenname"), ("htmlBody", "Event"), ("textBody", "reason")]);
    }

    [Fact]
    public void Variables_the_template_makes_itself_are_known_where_they_exist()
    {
        const string html = """
            {% assign n = delegate.meetings.size %}{% capture who %}{{ delegate.fullName }}{% endcapture %}
            {% for m in delegate.meetings limit: 2 %}{{ forloop.index }}/{{ n }} {{ m.code | downcase }} {{ who }}{% else %}none{% endfor %}
            {% increment counter %}{{ counter }} {{ delegate.meetings.first.title }} {{ event.meetings[1].reference }}
            {% case delegate.role %}{% when 'head' %}Head{% endcase %}
            """;
        LiquidTemplates.Check(EmailKind.RegistrationApproved, new EmailTemplate("{{ event.code | append: '!' }}", html, "{{ delegate.email }}")).ShouldBeEmpty();

        // A loop's variable and forloop end with the loop.
        var after = LiquidTemplates.Check(EmailKind.RegistrationApproved, new EmailTemplate("s", "{% for m in delegate.meetings %}{% endfor %}{{ m.code }}{{ forloop.index }}", "t"));
        after.Select(p => p.UnknownPlaceholder).ShouldBe(["m", "forloop"]);

        // Members of text and values are not invented: event.title.length is not a placeholder, event.title.size is.
        LiquidTemplates.Check(EmailKind.RegistrationApproved, new EmailTemplate("{{ event.title.size }}", "{{ event.title.length }}", "t"))
            .Select(p => p.UnknownPlaceholder).ShouldBe(["event.title.length"]);
    }

    [Fact]
    public async Task Html_bodies_escape_every_value_and_subjects_stay_on_one_line()
    {
        var hostile = Anna with { FullName = "<script>alert('x')</script>\r\nBcc: victim@example.org", Meetings = [new("<b>", "<i>Title</i> & more", "")] };
        var template = new EmailTemplate(
            "Hello {{ delegate.fullName }}",
            "<p>{{ delegate.fullName }}</p>{% for m in delegate.meetings %}<li>{{ m.title }}</li>{% endfor %}{% capture c %}{{ delegate.fullName }}{% endcapture %}{{ c }}",
            "{{ delegate.fullName }}");

        var rendered = await LiquidTemplates.RenderAsync(template, new RegistrationApprovedPlaceholders(Event, hostile));

        rendered.Subject.ShouldBe("Hello <script>alert('x')</script> Bcc: victim@example.org");
        rendered.HtmlBody.ShouldNotContain("<script>");
        rendered.HtmlBody.ShouldNotContain("<i>");
        rendered.HtmlBody.ShouldContain("<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
        rendered.HtmlBody.ShouldContain("<li>&lt;i&gt;Title&lt;/i&gt; &amp; more</li>");
        rendered.TextBody.ShouldStartWith("<script>alert('x')</script>");
    }

    [Fact]
    public async Task A_runaway_template_is_refused_or_stopped()
    {
        LiquidTemplates.Check(EmailKind.RegistrationReceived, new EmailTemplate("s", "{% for i in (1..100000000) %}x{% endfor %}", "t"))
            .ShouldHaveSingleItem().Message.ShouldContain("Ranges");

        // Doubling a variable in nested loops, and writing without end, stop at their bounds instead of filling the memory.
        const string doubling = "{% assign s = event.title %}{% for a in event.meetings %}{% for b in event.meetings %}{% for c in event.meetings %}"
            + "{% for d in event.meetings %}{% for e in event.meetings %}{% assign s = s | append: s %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{{ s }}";
        const string writing = "{% for a in event.meetings %}{% for b in event.meetings %}{% for c in event.meetings %}{% for d in event.meetings %}"
            + "{{ event.title | append: event.title | append: event.title | append: event.title | append: event.title }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
        var manyMeetings = Event with { Title = new string('x', 5000), Meetings = [.. Enumerable.Range(0, 12).Select(i => new MeetingPlaceholders($"M{i}", "t", ""))] };
        foreach (var source in new[] { doubling, writing })
        {
            var template = new EmailTemplate("s", source, "t");
            LiquidTemplates.Check(EmailKind.RegistrationReceived, template).ShouldBeEmpty();
            (await Should.ThrowAsync<InvalidOperationException>(() => LiquidTemplates.RenderAsync(template, new RegistrationReceivedPlaceholders(manyMeetings, Anna))))
                .Message.ShouldContain("beyond");
        }
    }
}
