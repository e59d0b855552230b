using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Registration.Api.Domain;

namespace Registration.Api.Platform.Auth;

public static class Role
{
    public const string Secretariat = "secretariat";
    public const string Delegation = "delegation";

    /// <summary>A nominee registering themselves: owns the delegates it registered (by <c>sub</c>) and sees nothing else.</summary>
    public const string Participant = "participant";
}

public static class RegistrationClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Country = "country";

    /// <summary>A participant's address, as the identity provider verified it.</summary>
    public const string Email = "email";

    /// <summary>False when the identity provider has not verified <see cref="Email"/>.</summary>
    public const string EmailVerified = "email_verified";
}

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinimumSigningKeyLength = 32;

    /// <summary>OpenID Connect authority (production). When set, tokens are validated against its keys.</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>HS256 key for local runs and tests; at least 32 characters, its UTF-8 bytes are the key.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }

    /// <summary>
    /// How far a token's <c>exp</c> and <c>nbf</c> may be off the server's clock, in seconds (default 30; the library's
    /// default of 5 minutes accepted a token that had expired 299 seconds ago).
    /// </summary>
    public int ClockSkewSeconds { get; set; } = 30;

    public bool UsesSigningKey => string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(SigningKey);

    public SymmetricSecurityKey SecurityKey() => new(Encoding.UTF8.GetBytes(SigningKey!));

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Audience))
        {
            throw new InvalidOperationException("Auth:Audience is required.");
        }

        if (string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(SigningKey))
        {
            throw new InvalidOperationException("Configure Auth:Authority (OpenID Connect) or, for local runs, Auth:SigningKey.");
        }

        if (ClockSkewSeconds is < 0 or > 300)
        {
            throw new InvalidOperationException("Auth:ClockSkewSeconds must be between 0 and 300.");
        }

        if (UsesSigningKey)
        {
            if (SigningKey!.Length < MinimumSigningKeyLength)
            {
                throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumSigningKeyLength} characters.");
            }

            if (string.IsNullOrWhiteSpace(Issuer))
            {
                throw new InvalidOperationException("Auth:Issuer is required with Auth:SigningKey.");
            }
        }
    }
}

public static class AuthSetup
{
    public static WebApplicationBuilder AddRegistrationAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.Validate();
        builder.Services.AddSingleton(options);

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                // Keep the token's own claim names ("sub", "role", "country") instead of WS-* URIs.
                jwt.MapInboundClaims = false;
                jwt.Audience = options.Audience;
                jwt.TokenValidationParameters.NameClaimType = RegistrationClaims.Subject;
                jwt.TokenValidationParameters.RoleClaimType = RegistrationClaims.Role;
                jwt.TokenValidationParameters.ValidAudience = options.Audience;
                // Lifetimes are checked against the real clock (TimeProvider.System), as tokens are issued by real clocks:
                // the tests' clock only moves the application's notion of deadlines.
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds);
                if (options.UsesSigningKey)
                {
                    jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKey = options.SecurityKey();
                    jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
                else
                {
                    jwt.Authority = options.Authority;
                }

                jwt.Events = new JwtBearerEvents { OnTokenValidated = RequireWellFormedCaller };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>
    /// A token is a caller when it has a subject and exactly one known role: a delegation with a valid country, a participant
    /// with a valid e-mail address that the identity provider has not marked unverified. Anything else is a 401.
    /// </summary>
    private static Task RequireWellFormedCaller(TokenValidatedContext context)
    {
        if (WhyNotACaller(context.Principal) is { } reason)
        {
            context.Fail(reason);
        }

        return Task.CompletedTask;
    }

    private static string? WhyNotACaller(ClaimsPrincipal? principal)
    {
        if (principal is null || string.IsNullOrWhiteSpace(principal.FindFirstValue(RegistrationClaims.Subject)))
        {
            return "The token has no 'sub' claim.";
        }

        var roles = principal.FindAll(RegistrationClaims.Role).Select(c => c.Value).ToList();
        if (roles is not [Role.Secretariat or Role.Delegation or Role.Participant])
        {
            return "The token needs exactly one 'role': 'secretariat', 'delegation' or 'participant'.";
        }

        if (roles[0] == Role.Delegation && !Countries.IsKnown(principal.FindFirstValue(RegistrationClaims.Country)))
        {
            return "A delegation token needs a 'country' claim with an ISO 3166-1 alpha-3 code.";
        }

        if (roles[0] == Role.Participant)
        {
            if (!EmailAddress.IsValid(principal.FindFirstValue(RegistrationClaims.Email)))
            {
                return "A participant token needs an 'email' claim with a valid e-mail address.";
            }

            // Identity providers that verify every address may leave the claim out; one that says anything but true has not verified it.
            if (principal.FindFirstValue(RegistrationClaims.EmailVerified) is { } verified && !(bool.TryParse(verified, out var yes) && yes))
            {
                return "A participant's e-mail address must be verified ('email_verified' is not true).";
            }
        }

        return null;
    }
}

public static class CallerExtensions
{
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirstValue(RegistrationClaims.Subject) ?? throw new InvalidOperationException("Authenticated caller without 'sub'.");

    public static bool IsSecretariat(this ClaimsPrincipal user) => user.IsInRole(Role.Secretariat);

    public static bool IsParticipant(this ClaimsPrincipal user) => user.IsInRole(Role.Participant);

    /// <summary>The delegation's own country; null for any other caller.</summary>
    public static string? DelegationCountry(this ClaimsPrincipal user) =>
        user.IsInRole(Role.Delegation) ? user.FindFirstValue(RegistrationClaims.Country) : null;

    /// <summary>A participant's verified address (trimmed), as the token states it; the token's validation guarantees one.</summary>
    public static string ParticipantEmail(this ClaimsPrincipal user) =>
        user.IsParticipant() && user.FindFirstValue(RegistrationClaims.Email) is { } email
            ? email.Trim()
            : throw new InvalidOperationException("Only a participant token carries the participant's address.");
}
