using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Registration.Api.Platform.Auth;
using Registration.IntegrationTests.Infrastructure;

namespace Registration.IntegrationTests.Participants;

/// <summary>
/// A participant token is a caller only with a valid address the identity provider verified. A valid one on a
/// secretariat operation is 403 (known, not allowed); a malformed one is 401 (not a caller at all).
/// </summary>
public sealed class ParticipantTokenTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private AuthOptions Auth => api.Services.GetRequiredService<AuthOptions>();

    private Task<HttpResponseMessage> CreateEventWithAsync(string token) =>
        api.Client().WithToken(token).PostAsync("/api/v1/events", Requests.JointEvent($"TOKEN-{Random.Shared.Next():X8}"));

    private string Participant(string? email, bool? verified) =>
        DevelopmentTokens.Mint(Auth, Role.Participant, null, "anna", TimeSpan.FromHours(1), DateTimeOffset.UtcNow, email, verified);

    [Theory]
    [InlineData(true)]
    [InlineData(null)]
    public async Task A_participant_with_an_address_not_marked_unverified_is_a_caller_whose_role_may_not_create_events(bool? verified)
    {
        using var response = await CreateEventWithAsync(Participant("anna@example.org", verified));

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("anna@example.org", false)]
    [InlineData(null, true)]
    [InlineData(null, null)]
    [InlineData("", true)]
    [InlineData("anna.example.org", true)]
    [InlineData("anna@localhost", true)]
    [InlineData("anna@example.org, ben@example.org", true)]
    public async Task A_participant_token_without_a_valid_verified_address_is_401(string? email, bool? verified)
    {
        using var response = await CreateEventWithAsync(Participant(email, verified));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [InlineData("false")]
    [InlineData("no")]
    public async Task An_email_verified_claim_that_is_not_true_is_401_whatever_its_type(string verified)
    {
        using var response = await CreateEventWithAsync(Raw(new Dictionary<string, object>
        {
            ["sub"] = "anna", ["role"] = Role.Participant, ["email"] = "anna@example.org", ["email_verified"] = verified,
        }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_token_with_two_roles_is_401_even_when_one_of_them_is_the_secretariat()
    {
        using var response = await CreateEventWithAsync(Raw(new Dictionary<string, object>
        {
            ["sub"] = "anna", ["role"] = new[] { Role.Participant, Role.Secretariat }, ["email"] = "anna@example.org",
        }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task A_participant_token_carrying_a_country_sees_no_delegation_of_that_country()
    {
        var eventId = await api.EventAsync();
        var delegationId = await api.DelegationAsync(eventId, "AUT");
        var token = Raw(new Dictionary<string, object>
        {
            ["sub"] = "anna", ["role"] = Role.Participant, ["email"] = "anna@example.org", ["country"] = "AUT",
        });

        using var response = await api.Client().WithToken(token).GetAsync($"/api/v1/events/{eventId}/delegations/{delegationId}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>A token signed with the Development key holding exactly these claims.</summary>
    private string Raw(Dictionary<string, object> claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Auth.Issuer,
            Audience = Auth.Audience,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(Auth.SecurityKey(), SecurityAlgorithms.HmacSha256),
        });
}
