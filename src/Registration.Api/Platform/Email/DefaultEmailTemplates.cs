namespace Registration.Api.Platform.Email;

/// <summary>An e-mail's template: Liquid for the subject (one line of text), the HTML body and its plain-text alternative.</summary>
public sealed record EmailTemplate(string Subject, string HtmlBody, string TextBody);

/// <summary>The template of each kind that an event uses until the secretariat replaces it.</summary>
public static class DefaultEmailTemplates
{
    public static EmailTemplate For(EmailKind kind) => kind switch
    {
        EmailKind.RegistrationReceived => RegistrationReceived,
        EmailKind.RegistrationApproved => RegistrationApproved,
        EmailKind.RegistrationRejected => RegistrationRejected,
        EmailKind.NoteVerbaleUnmatched => NoteVerbaleUnmatched,
        EmailKind.DeadlineReminder => DeadlineReminder,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private const string Signature = "Secretariat of the {{ event.title }}";

    private static readonly EmailTemplate RegistrationReceived = new(
        "{{ event.code }}: your registration has been received",
        """
        <p>Dear {{ delegate.fullName }},</p>
        <p>your registration for the <strong>{{ event.title }}</strong> ({{ event.startDate }} to {{ event.endDate }}, {{ event.venue }})
        has been received for the delegation of {{ delegate.countryName }}.</p>
        <p>The secretariat approves a registration once a note verbale from your Government names you. You will receive an
        e-mail when it has decided.</p>
        <p>Kind regards,<br>
        """ + Signature + "</p>\n",
        """
        Dear {{ delegate.fullName }},

        your registration for the {{ event.title }} ({{ event.startDate }} to {{ event.endDate }}, {{ event.venue }}) has been received for the delegation of {{ delegate.countryName }}.

        The secretariat approves a registration once a note verbale from your Government names you. You will receive an e-mail when it has decided.

        Kind regards,
        """ + "\n" + Signature + "\n");

    private static readonly EmailTemplate RegistrationApproved = new(
        "{{ event.code }}: your registration is approved",
        """
        <p>Dear {{ delegate.fullName }},</p>
        <p>your registration for the <strong>{{ event.title }}</strong> is approved. You take part <strong>{{ delegate.participationMode }}</strong> in:</p>
        <ul>
        {% for meeting in delegate.meetings %}<li>{{ meeting.code }}: {{ meeting.title }}</li>
        {% endfor %}</ul>
        <p>{{ event.venue }}, {{ event.startDate }} to {{ event.endDate }}.</p>
        <p>Kind regards,<br>
        """ + Signature + "</p>\n",
        """
        Dear {{ delegate.fullName }},

        your registration for the {{ event.title }} is approved. You take part {{ delegate.participationMode }} in:
        {% for meeting in delegate.meetings %}
        - {{ meeting.code }}: {{ meeting.title }}{% endfor %}

        {{ event.venue }}, {{ event.startDate }} to {{ event.endDate }}.

        Kind regards,
        """ + "\n" + Signature + "\n");

    private static readonly EmailTemplate RegistrationRejected = new(
        "{{ event.code }}: your registration was not approved",
        """
        <p>Dear {{ delegate.fullName }},</p>
        <p>the secretariat could not approve your registration for the <strong>{{ event.title }}</strong>, for this reason:</p>
        <blockquote style="white-space: pre-line">{{ reason }}</blockquote>
        <p>Your delegation may register you again while registration is open (until {{ event.registrationDeadline }}).</p>
        <p>Kind regards,<br>
        """ + Signature + "</p>\n",
        """
        Dear {{ delegate.fullName }},

        the secretariat could not approve your registration for the {{ event.title }}, for this reason:

        {{ reason }}

        Your delegation may register you again while registration is open (until {{ event.registrationDeadline }}).

        Kind regards,
        """ + "\n" + Signature + "\n");

    private static readonly EmailTemplate NoteVerbaleUnmatched = new(
        "{{ event.code }}: the note verbale of {{ delegation.countryName }} does not name every delegate",
        """
        <p>Dear focal point of {{ delegation.countryName }},</p>
        <p>the note verbale <em>{{ noteVerbale.fileName }}</em> uploaded on {{ noteVerbale.uploadedAt }} has been checked.
        {% if noteVerbale.isScan %}It has no text layer (a scan), so the secretariat will check it by hand. {% endif %}No note verbale
        of your delegation names these delegates yet:</p>
        <ul>
        {% for d in unmatchedDelegates %}<li>{{ d.fullName }} ({{ d.email }}): {{ d.noteVerbaleStatus }}</li>
        {% endfor %}</ul>
        <p>The secretariat approves a delegate only once a note verbale names them. Please upload a note verbale (or an
        addendum) that names them before {{ event.registrationDeadline }}.</p>
        <p>Kind regards,<br>
        """ + Signature + "</p>\n",
        """
        Dear focal point of {{ delegation.countryName }},

        the note verbale "{{ noteVerbale.fileName }}" uploaded on {{ noteVerbale.uploadedAt }} has been checked. {% if noteVerbale.isScan %}It has no text layer (a scan), so the secretariat will check it by hand. {% endif %}No note verbale of your delegation names these delegates yet:
        {% for d in unmatchedDelegates %}
        - {{ d.fullName }} ({{ d.email }}): {{ d.noteVerbaleStatus }}{% endfor %}

        The secretariat approves a delegate only once a note verbale names them. Please upload a note verbale (or an addendum) that names them before {{ event.registrationDeadline }}.

        Kind regards,
        """ + "\n" + Signature + "\n");

    private static readonly EmailTemplate DeadlineReminder = new(
        "{{ event.code }}: registration closes in {{ daysLeft }} days",
        """
        <p>Dear focal point of {{ delegation.countryName }},</p>
        <p>registration for the <strong>{{ event.title }}</strong> closes on {{ event.registrationDeadline }}.</p>
        {% if unmatchedDelegates.size > 0 %}<p>No note verbale of your delegation names these delegates yet; the secretariat can approve
        them only once one does:</p>
        <ul>
        {% for d in unmatchedDelegates %}<li>{{ d.fullName }} ({{ d.email }})</li>
        {% endfor %}</ul>
        {% endif %}{% if pendingDelegates.size > 0 %}<p>These registrations await the secretariat's decision:</p>
        <ul>
        {% for d in pendingDelegates %}<li>{{ d.fullName }} ({{ d.email }}), note verbale: {{ d.noteVerbaleStatus }}</li>
        {% endfor %}</ul>
        {% endif %}<p>Kind regards,<br>
        """ + Signature + "</p>\n",
        """
        Dear focal point of {{ delegation.countryName }},

        registration for the {{ event.title }} closes on {{ event.registrationDeadline }}.
        {% if unmatchedDelegates.size > 0 %}
        No note verbale of your delegation names these delegates yet; the secretariat can approve them only once one does:
        {% for d in unmatchedDelegates %}
        - {{ d.fullName }} ({{ d.email }}){% endfor %}
        {% endif %}{% if pendingDelegates.size > 0 %}
        These registrations await the secretariat's decision:
        {% for d in pendingDelegates %}
        - {{ d.fullName }} ({{ d.email }}), note verbale: {{ d.noteVerbaleStatus }}{% endfor %}
        {% endif %}
        Kind regards,
        """ + "\n" + Signature + "\n");
}
