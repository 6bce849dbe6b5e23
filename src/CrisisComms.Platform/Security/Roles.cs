namespace CrisisComms.Platform.Security;

/// <summary>Who may do what. A person may hold several roles.</summary>
public static class Roles
{
    /// <summary>Runs the system: users, templates, policies, channels.</summary>
    public const string Admin = "Admin";

    /// <summary>Approves or sends back drafts where policy asks for a second pair of eyes.</summary>
    public const string Approver = "Approver";

    /// <summary>A duty comms officer: incidents, drafts, the triage queue.</summary>
    public const string Officer = "Officer";

    /// <summary>An emergency partner: reads the shared dashboard of the incidents they were invited to.</summary>
    public const string Partner = "Partner";

    public static IReadOnlyList<string> All { get; } = [Admin, Approver, Officer, Partner];
}

/// <summary>Authorization policies every service uses by name.</summary>
public static class Policies
{
    /// <summary>Officers and above (Officer, Approver, Admin): the console's own work.</summary>
    public const string Staff = "staff";

    /// <summary>Approvers and admins.</summary>
    public const string Approvers = "approvers";

    /// <summary>Admins only.</summary>
    public const string Admins = "admins";
}
