using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Web.Accounts;

/// <summary>
/// <c>CrisisComms:Accounts:Oidc</c>: sign-in with the council's single sign-on (OpenID Connect, code
/// flow with PKCE). Off unless <see cref="Authority"/> is set.
/// </summary>
internal sealed class OidcOptions : IValidatableObject
{
    public const string Section = "CrisisComms:Accounts:Oidc";
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    [Url]
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in button says.</summary>
    public string DisplayName { get; set; } = "Sign in with your council account";

    /// <summary>Only for a provider on the loopback during tests and development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim carrying the person's groups or app roles (Entra ID: roles or groups).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// Claim value → our role, e.g. <c>Roles:crisiscomms-officers = Officer</c>. When set, a person's
    /// roles follow the provider at every sign-in; empty, roles are managed here.
    /// </summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Create an account at first sign-in for someone the role map gives a role to.</summary>
    public bool CreateAccounts { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("is required when Authority is set", [nameof(ClientId)]);
        }

        foreach (var (claim, role) in Roles)
        {
            if (!Platform.Security.Roles.All.Contains(role, StringComparer.Ordinal))
            {
                yield return new ValidationResult($"'{role}' (for '{claim}') is not one of {string.Join(", ", Platform.Security.Roles.All)}", [nameof(Roles)]);
            }
        }
    }
}
