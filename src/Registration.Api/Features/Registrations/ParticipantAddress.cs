using System.Security.Claims;
using Registration.Api.Domain;
using Registration.Api.Platform.Auth;

namespace Registration.Api.Features.Registrations;

/// <summary>
/// A participant registers with the address its identity provider verified, and keeps it: an address in the body is
/// accepted only as that same address (compared without case), else <c>400 validation-failed</c> naming <c>email</c>.
/// </summary>
internal static class ParticipantAddress
{
    /// <summary>The address a participant registers with: the token's; <paramref name="given"/>, when sent, must be the same.</summary>
    public static string Of(ClaimsPrincipal participant, string? given)
    {
        EnsureOwn(participant, given);
        return participant.ParticipantEmail();
    }

    /// <summary>Refuses an address other than the participant's own (<paramref name="given"/> null: nothing to check).</summary>
    public static void EnsureOwn(ClaimsPrincipal participant, string? given)
    {
        var own = participant.ParticipantEmail();
        if (given is not null && EmailAddress.Normalize(given) != EmailAddress.Normalize(own))
        {
            throw DomainFailure.Invalid(
                "email", $"A participant registers with their own verified address, {own}; leave email out or send that address.");
        }
    }
}
