using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Platform.Security;

/// <summary>Who is making the current request: for audit, approval rules and ownership checks.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    /// <summary>Stable user id (the subject), or "system" outside a request.</summary>
    public string Id => Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "system";

    /// <summary>Display name for audit lines and the console.</summary>
    public string Name => Principal.FindFirstValue(ClaimTypes.Name) ?? Id;

    public IReadOnlyList<string> Roles => Principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();

    public bool IsInRole(string role) => Principal.IsInRole(role);
}
