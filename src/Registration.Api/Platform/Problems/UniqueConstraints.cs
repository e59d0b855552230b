using Microsoft.AspNetCore.Mvc;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>
/// The database enforces uniqueness; this names, for each unique index, the contract's code. A check before
/// the write gives a friendly answer in the common case; the index gives the right one under a race.
/// </summary>
internal static class UniqueConstraints
{
    private static readonly Dictionary<string, (string Code, string Detail)> Known = new(StringComparer.Ordinal)
    {
        ["ix_events_code"] = (ErrorCodes.EventCodeTaken, "An event with this code exists already."),
        [Data.DelegationConfiguration.OnePerCountryIndex] = (ErrorCodes.DelegationExists, "This State has a delegation for this event already."),
        [Data.DelegateRegistrationConfiguration.ActiveEmailIndex] = (ErrorCodes.EmailTaken, "Another active delegate of this event has this e-mail address; each delegate gives their own."),
    };

    public static ProblemDetails ToProblem(string? constraintName) =>
        constraintName is not null && Known.TryGetValue(constraintName, out var known)
            ? FailureExceptionHandler.Create(StatusCodes.Status409Conflict, known.Code, "Conflict.", known.Detail)
            : FailureExceptionHandler.Create(StatusCodes.Status409Conflict, ErrorCodes.ConcurrencyConflict, "Conflict.", "The change conflicts with existing data.");
}
