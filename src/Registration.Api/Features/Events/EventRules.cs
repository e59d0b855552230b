using FluentValidation;
using Registration.Api.Domain;

namespace Registration.Api.Features.Events;

/// <summary>Field formats shared by create and update; cross-field rules come from <see cref="Event"/>.</summary>
internal static class EventRules
{
    public const string CodePattern = @"\A[A-Z0-9]+(-[A-Z0-9]+)*\z";

    public const string DeadlineFormat =
        "must be an RFC 3339 instant with an offset (2023-08-21T23:59:59+02:00) or a date (2023-08-21, meaning the end of that day in the event's time zone).";

    public static IRuleBuilderOptions<T, string?> EventCode<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty().WithMessage("{PropertyName} is required.")
        .MaximumLength(Event.MaxCodeLength)
        .Matches(CodePattern).WithMessage("{PropertyName} must be upper-case letters and digits in groups joined by hyphens, for example UNCAC-2023-09.");

    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) => rule
        .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("{PropertyName} is required.")
        .MaximumLength(maxLength)
        .SingleLineText();

    /// <summary>Null admits every State; a list must name known codes, each once (<see cref="Event.EligibleCountriesProblems"/>).</summary>
    public static IRuleBuilderOptionsConditions<T, List<string>?> EligibleCountries<T>(this IRuleBuilder<T, List<string>?> rule) =>
        rule.Custom((countries, context) =>
        {
            foreach (var message in Event.EligibleCountriesProblems(countries))
            {
                context.AddFailure(message);
            }
        });

    public static IRuleBuilderOptions<T, string?> Deadline<T>(this IRuleBuilder<T, string?> rule) => rule
        .Must(v => v is null || EventTime.TryParseDeadline(v, TimeZoneInfo.Utc, out _))
        .WithMessage("{PropertyName} " + DeadlineFormat);
}
