using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Registration.Api.Platform.Auth;

/// <summary>
/// Mints HS256 tokens with the configured development key: for the <c>token</c> command and the tests.
/// Production, which validates against an OpenID Connect authority, has no key and cannot mint.
/// </summary>
public static class DevelopmentTokens
{
    /// <summary>
    /// A token with <c>sub</c> and <c>role</c>; <c>country</c>, <c>email</c> and <c>email_verified</c> (a JSON boolean, as
    /// identity providers send it) when given.
    /// </summary>
    public static string Mint(
        AuthOptions options, string role, string? country, string subject, TimeSpan lifetime, DateTimeOffset now, string? email = null, bool? emailVerified = null)
    {
        if (!options.UsesSigningKey)
        {
            throw new InvalidOperationException("Tokens can only be minted where Auth:SigningKey is configured (Development).");
        }

        var claims = new List<Claim>
        {
            new(RegistrationClaims.Subject, subject),
            new(RegistrationClaims.Role, role),
        };
        if (!string.IsNullOrWhiteSpace(country))
        {
            claims.Add(new Claim(RegistrationClaims.Country, country));
        }

        if (!string.IsNullOrWhiteSpace(email))
        {
            claims.Add(new Claim(RegistrationClaims.Email, email));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Claims = emailVerified is { } verified ? new Dictionary<string, object> { [RegistrationClaims.EmailVerified] = verified } : null,
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddMinutes(-1),
            Expires = now.UtcDateTime.Add(lifetime),
            SigningCredentials = new SigningCredentials(options.SecurityKey(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
