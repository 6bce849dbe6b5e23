namespace CrisisComms.Platform.Hosting;

/// <summary>The services one binary can run, and which API areas each owns.</summary>
public static class ServiceNames
{
    public const string Drafting = "drafting";
    public const string Publishing = "publishing";
    public const string Monitoring = "monitoring";
    public const string Triage = "triage";
    public const string OnCall = "oncall";
    public const string Web = "web";

    public static IReadOnlyList<string> All { get; } = [Drafting, Publishing, Monitoring, Triage, OnCall, Web];

    /// <summary>
    /// <c>/api/v1/&lt;area&gt;</c> → owning service. Split, the web service routes each area to its owner;
    /// in one process every area is served locally.
    /// </summary>
    public static IReadOnlyDictionary<string, string> AreaOwners { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["incidents"] = Drafting,
        ["drafts"] = Drafting,
        ["posts"] = Drafting,
        ["templates"] = Drafting,
        ["hashtags"] = Drafting,
        ["audit"] = Drafting,
        ["organisation"] = Drafting,
        ["schedules"] = Drafting,
        ["publishing"] = Publishing,
        ["channels"] = Publishing,
        ["monitoring"] = Monitoring,
        ["triage"] = Triage,
        ["oncall"] = OnCall,
        ["dashboard"] = Web,
        ["auth"] = Web,
        ["users"] = Web,
        ["partners"] = Web,
    };

    /// <summary>
    /// Paths outside the API that a service serves to the public (no sign-in): split, the web service
    /// forwards these too.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PublicPathOwners { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/public"] = Publishing,
    };

    /// <summary>The service a type belongs to, from its namespace (<c>CrisisComms.&lt;Service&gt;.…</c>).</summary>
    public static string? OwnerOf(Type type)
    {
        var parts = (type.Namespace ?? string.Empty).Split('.');
        if (parts.Length < 2 || parts[0] != "CrisisComms")
        {
            return null;
        }

        var candidate = parts[1].ToLowerInvariant();
        return All.Contains(candidate) ? candidate : null;
    }
}
