using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Registration.Api.Domain;

namespace Registration.Api.Features.Delegates;

/// <summary>
/// What a registration says about the person, but for the e-mail address: shared by the delegation's registration of a
/// delegate and a participant's registration of themselves, whose address rules differ.
/// </summary>
public abstract class DelegateFields
{
    /// <summary>Members a request adds (its e-mail address, ...) come after these, in examples as in the schema.</summary>
    public const int AfterThem = 1;

    /// <summary>Form of address, for example <c>Ms.</c>, <c>Mr.</c>, <c>H.E. Mr.</c>, <c>Dr.</c></summary>
    public string Title { get; init; } = "";

    /// <summary>Given name(s), in any script; stored exactly as given (trimmed).</summary>
    public string GivenName { get; init; } = "";

    /// <summary>Family name(s), in any script; stored exactly as given (trimmed).</summary>
    public string FamilyName { get; init; } = "";

    /// <summary>Function, for example <c>Counsellor</c>.</summary>
    public string? JobTitle { get; init; }

    /// <summary>One of the modes the event offers.</summary>
    [Required]
    public ParticipationMode? ParticipationMode { get; init; }

    /// <summary>Codes of the meetings the delegate attends; all of the event's meetings when omitted.</summary>
    public List<string>? Meetings { get; init; }

    /// <summary>Place in the delegation, optional.</summary>
    public DelegationRole? Role { get; init; }

    internal DelegateDetails ToDetails(string email) =>
        new(Title, GivenName, FamilyName, JobTitle, email, ParticipationMode!.Value, Meetings, Role);
}

internal static class DelegateFieldRules
{
    /// <summary>The rules of <see cref="DelegateFields"/>; each request adds those of its e-mail address.</summary>
    public static void AddDelegateFieldRules<T>(this AbstractValidator<T> validator)
        where T : DelegateFields
    {
        validator.RuleFor(r => r.Title).PersonText(DelegateRegistration.MaxTitleLength);
        validator.RuleFor(r => r.GivenName).PersonText(DelegateRegistration.MaxNameLength);
        validator.RuleFor(r => r.FamilyName).PersonText(DelegateRegistration.MaxNameLength);
        validator.RuleFor(r => r.JobTitle).OptionalText(DelegateRegistration.MaxJobTitleLength);
        validator.RuleFor(r => r.ParticipationMode).NotNull().WithMessage("participationMode is required: in-person or online.");
        validator.RuleFor(r => r.Meetings).MeetingCodes();
    }
}
