using FluentValidation;
using Registration.Api.Domain;

namespace Registration.Api.Features.Delegates;

/// <summary>Field formats of a delegate's details, shared by register and edit.</summary>
internal static class DelegateRules
{
    public static IRuleBuilderOptions<T, string?> PersonText<T>(this IRuleBuilder<T, string?> rule, int maxLength) => rule
        .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("{PropertyName} is required.")
        .Must(v => v is null || v.Trim().Length <= maxLength).WithMessage($"{{PropertyName}} must be at most {maxLength} characters.")
        .SingleLineText();

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) => rule
        .Must(v => v is null || v.Trim().Length <= maxLength).WithMessage($"{{PropertyName}} must be at most {maxLength} characters.")
        .SingleLineText();

    public static IRuleBuilderOptions<T, string?> DelegateEmail<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("email is required.")
        .Must(EmailAddress.IsValid).WithMessage("email must be a single e-mail address, for example anna.berger@example.gv.at.");

    public static IRuleBuilderOptions<T, List<string>?> MeetingCodes<T>(this IRuleBuilder<T, List<string>?> rule) => rule
        .Must(m => m is null || m.Distinct(StringComparer.Ordinal).Count() == m.Count).WithMessage("meetings must not repeat a meeting code.")
        .Must(m => m is null || m.TrueForAll(code => !string.IsNullOrWhiteSpace(code))).WithMessage("meetings must hold meeting codes.");
}
