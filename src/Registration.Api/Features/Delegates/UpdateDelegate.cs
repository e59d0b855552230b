using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using Registration.Api.Data;
using Registration.Api.Domain;
using Registration.Api.Features.NotesVerbales;
using Registration.Api.Features.Registrations;
using Registration.Api.Platform.Auth;
using Registration.Api.Platform.Http;
using Registration.Api.Platform.OpenApi;

namespace Registration.Api.Features.Delegates;

/// <summary>A partial update of a delegate: only the members present change. <c>jobTitle</c> and <c>role</c> may be set to null.</summary>
public sealed class UpdateDelegateRequest
{
    private readonly string? title;
    private readonly string? givenName;
    private readonly string? familyName;
    private readonly string? jobTitle;
    private readonly string? email;
    private readonly ParticipationMode? participationMode;
    private readonly List<string>? meetings;
    private readonly DelegationRole? role;

    public string? Title { get => title; init => (title, HasTitle) = (value, true); }

    public string? GivenName { get => givenName; init => (givenName, HasGivenName) = (value, true); }

    public string? FamilyName { get => familyName; init => (familyName, HasFamilyName) = (value, true); }

    public string? JobTitle { get => jobTitle; init => (jobTitle, HasJobTitle) = (value, true); }

    public string? Email { get => email; init => (email, HasEmail) = (value, true); }

    public ParticipationMode? ParticipationMode { get => participationMode; init => (participationMode, HasParticipationMode) = (value, true); }

    /// <summary>Meeting codes; null or empty means all of the event's meetings.</summary>
    public List<string>? Meetings { get => meetings; init => (meetings, HasMeetings) = (value, true); }

    public DelegationRole? Role { get => role; init => (role, HasRole) = (value, true); }

    [JsonIgnore] public bool HasTitle { get; private init; }
    [JsonIgnore] public bool HasGivenName { get; private init; }
    [JsonIgnore] public bool HasFamilyName { get; private init; }
    [JsonIgnore] public bool HasJobTitle { get; private init; }
    [JsonIgnore] public bool HasEmail { get; private init; }
    [JsonIgnore] public bool HasParticipationMode { get; private init; }
    [JsonIgnore] public bool HasMeetings { get; private init; }
    [JsonIgnore] public bool HasRole { get; private init; }

    [JsonIgnore]
    public bool ChangesAnything => HasTitle || HasGivenName || HasFamilyName || HasJobTitle || HasEmail || HasParticipationMode || HasMeetings || HasRole;

    /// <summary>The delegate's details with this request's members applied.</summary>
    internal DelegateDetails Over(DelegateRegistration current) => new(
        HasTitle ? Title! : current.Title,
        HasGivenName ? GivenName! : current.GivenName,
        HasFamilyName ? FamilyName! : current.FamilyName,
        HasJobTitle ? JobTitle : current.JobTitle,
        HasEmail ? Email! : current.Email,
        HasParticipationMode ? ParticipationMode!.Value : current.ParticipationMode,
        HasMeetings ? Meetings : current.Meetings,
        HasRole ? Role : current.Role);
}

public sealed class UpdateDelegateValidator : Validator<UpdateDelegateRequest>
{
    public UpdateDelegateValidator()
    {
        RuleFor(r => r.Title).PersonText(DelegateRegistration.MaxTitleLength).When(r => r.HasTitle);
        RuleFor(r => r.GivenName).PersonText(DelegateRegistration.MaxNameLength).When(r => r.HasGivenName);
        RuleFor(r => r.FamilyName).PersonText(DelegateRegistration.MaxNameLength).When(r => r.HasFamilyName);
        RuleFor(r => r.JobTitle).OptionalText(DelegateRegistration.MaxJobTitleLength);
        RuleFor(r => r.Email).DelegateEmail().When(r => r.HasEmail);
        RuleFor(r => r.ParticipationMode).NotNull().When(r => r.HasParticipationMode).WithMessage("participationMode cannot be null.");
        RuleFor(r => r.Meetings).MeetingCodes();
        RuleFor(r => r).Must(r => r.ChangesAnything).WithName("body").WithMessage("Name at least one member to change.");
    }
}

public sealed class UpdateDelegate(RegistrationDb db, TimeProvider clock) : Endpoint<UpdateDelegateRequest, DelegateResponse>
{
    public override void Configure()
    {
        Patch("/events/{eventId:guid}/delegates/{delegateId:guid}");
        Roles(Role.Secretariat, Role.Delegation, Role.Participant);
        Description(d => d.Documented(200, typeof(DelegateResponse), 400, 401, 403, 404, 409, 412).WithIfMatch());
        Summary(s =>
        {
            s.Summary = "Edit a delegate";
            s.Description = "Send only the members to change. An edit of an approved delegate returns it to `pending`; a withdrawn "
                + "or rejected delegate cannot be edited (`409 invalid-transition`); from the deadline on, `409 registration-closed`. "
                + "Send `If-Match` with the `ETag` you read to make sure nobody changed the delegate meanwhile (`412` otherwise). "
                + Access.Rule + " " + Access.OwnDelegatesRule + " A participant keeps its own verified address: another `email` is "
                + "`400 validation-failed`.";
            s.ExampleRequest = new UpdateDelegateRequest { JobTitle = "Minister Counsellor", ParticipationMode = Domain.ParticipationMode.Online };
        });
    }

    public override async Task HandleAsync(UpdateDelegateRequest req, CancellationToken ct)
    {
        var eventId = Route<Guid>("eventId");
        if (User.IsParticipant() && req.HasEmail)
        {
            ParticipantAddress.EnsureOwn(User, req.Email);
        }

        var expected = HttpContext.Request.IfMatchVersion();
        var delegate_ = await db.InTransactionAsync(async ct =>
        {
            var registration = await db.LockEventForWriteAsync(eventId, ct);
            var delegate_ = await db.LockVisibleDelegateAsync(eventId, Route<Guid>("delegateId"), User, ct);
            ETags.EnsureMatches(delegate_.Version, expected);

            var now = clock.GetUtcNow();
            if (delegate_.Edit(registration, req.Over(delegate_), User.Subject(), now))
            {
                // A renamed delegate (or a new address) is checked against the note again.
                await db.CheckAndRecordAsync(delegate_, await db.NotesThatCountAsync(delegate_.DelegationId, ct), keepConfirmation: false, User.Subject(), now, ct);
            }

            await db.SaveConditionallyAsync(delegate_, d => d.Version, expected, ct);
            return delegate_;
        }, ct);

        HttpContext.Response.SetETag(delegate_.Version);
        await Send.OkAsync(delegate_.ToResponse(), ct);
    }
}
