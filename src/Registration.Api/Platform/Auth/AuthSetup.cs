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

    /// <summary>A token without a subject, with an unknown role, or a delegation without a valid country is not a caller.</summary>
    private static Task RequireWellFormedCaller(TokenValidatedContext context)
    {
        var principal = context.Principal;
        if (principal is null || string.IsNullOrWhiteSpace(principal.FindFirstValue(RegistrationClaims.Subject)))
        {
            context.Fail("The token has no 'sub' claim.");
        }
        else if (principal.IsInRole(Role.Delegation) && !Countries.IsKnown(principal.FindFirstValue(RegistrationClaims.Country)))
        {
            context.Fail("A delegation token needs a 'country' claim with an ISO 3166-1 alpha-3 code.");
        }
        else if (!principal.IsInRole(Role.Delegation) && !principal.IsInRole(Role.Secretariat))
        {
            context.Fail("The token's 'role' must be 'secretariat' or 'delegation'.");
        }

        return Task.CompletedTask;
    }
}

public static class CallerExtensions
{
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirstValue(RegistrationClaims.Subject) ?? throw new InvalidOperationException("Authenticated caller without 'sub'.");

    public static bool IsSecretariat(this ClaimsPrincipal user) => user.IsInRole(Role.Secretariat);

    /// <summary>The delegation's own country, or null for the secretariat.</summary>
    public static string? DelegationCountry(this ClaimsPrincipal user) =>
        user.IsSecretariat() ? null : user.FindFirstValue(RegistrationClaims.Country);
}
