using Microsoft.AspNetCore.Mvc;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Problems;

/// <summary>
/// The database enforces uniqueness; this names, for each unique index, the contract's code. A check before
/// the write gives a friendly answer in the common case; the index gives the right one under a race. An operation
/// for which an index means something more precise says so with <see cref="UniqueViolationMeaning"/>.
/// </summary>
internal static class UniqueConstraints
{
    private static readonly Dictionary<string, (string Code, string Detail)> Known = new(StringComparer.Ordinal)
    {
        ["ix_events_code"] = (ErrorCodes.EventCodeTaken, "An event with this code exists already."),
        ["ix_agenda_items_event_id_number"] = (ErrorCodes.AgendaItemNumberTaken, "The event has an agenda item with this number already."),
        ["ix_sittings_event_id_meeting_code_date_period"] = (ErrorCodes.SittingExists, "This meeting has a sitting on this date and period already."),
        [Data.DelegationConfiguration.OnePerCountryIndex] = (ErrorCodes.DelegationExists, "This State has a delegation for this event already."),
        [Data.CallConfiguration.ReferenceIndex] = (ErrorCodes.CallReferenceTaken, "A call with this reference exists already."),
        [Data.ContributionConfiguration.OnePerTopicIndex] = (ErrorCodes.ContributionExists, "This State has contributed on this topic already; change that contribution with PATCH."),
        [Data.MissionConfiguration.OnePerCountryIndex] = (ErrorCodes.MissionExists, "The directory has a mission for this country already; change it with PUT /missions/{missionId}."),
        [Data.DelegateRegistrationConfiguration.ActiveEmailIndex] = (ErrorCodes.EmailTaken, "Another active delegate of this event has this e-mail address; each delegate gives their own."),
        [Data.DelegateRegistrationConfiguration.ActiveParticipantIndex] = (ErrorCodes.AlreadyRegistered, "You are registered for this event already; withdraw that registration first to register anew."),
    };

    /// <param name="constraintName">The violated index.</param>
    /// <param name="endpoint">The operation that ran into it, whose <see cref="UniqueViolationMeaning"/> metadata comes first.</param>
    public static ProblemDetails ToProblem(string? constraintName, Endpoint? endpoint)
    {
        var (code, detail) = endpoint?.Metadata.GetOrderedMetadata<UniqueViolationMeaning>().FirstOrDefault(m => m.Index == constraintName) is { } meaning
            ? (meaning.Code, meaning.Detail)
            : constraintName is not null && Known.TryGetValue(constraintName, out var known)
                ? known
                : (ErrorCodes.ConcurrencyConflict, "The change conflicts with existing data.");
        return FailureExceptionHandler.Create(StatusCodes.Status409Conflict, code, "Conflict.", detail);
    }
}

/// <summary>Endpoint metadata: on this operation a violation of <paramref name="Index"/> means <paramref name="Code"/> (409), not its general meaning.</summary>
internal sealed record UniqueViolationMeaning(string Index, string Code, string Detail);
