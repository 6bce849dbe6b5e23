namespace CrisisComms.OnCall.People;

/// <summary>Someone who can be on call, and how to reach them.</summary>
internal sealed class Person
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>For handover summaries and matching the fallback recipient; also an email contact method when listed there.</summary>
    public string? Email { get; set; }

    /// <summary>The console user this person signs in as (their own calendar feed, "my shifts").</summary>
    public string? UserId { get; set; }

    public bool Active { get; set; } = true;

    public List<ContactMethod> ContactMethods { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class ContactKinds
{
    public const string PagerDuty = "pagerduty";
    public const string Opsgenie = "opsgenie";
    public const string Webhook = "webhook";
    public const string Email = "email";

    /// <summary>Recorded here and shown in the console (demo and trying it out): nothing leaves the machine.</summary>
    public const string Sandbox = "sandbox";

    public static IReadOnlyList<string> All { get; } = [PagerDuty, Opsgenie, Webhook, Email, Sandbox];
}

/// <summary>
/// One way to reach a person: a PagerDuty Events v2 routing key, an Opsgenie API key (and responder),
/// a signed webhook URL, an email address, or the sandbox. Secrets are encrypted at rest
/// (<see cref="ContactSecrets"/>) and never returned or logged.
/// </summary>
internal sealed class ContactMethod
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public required string Kind { get; set; }

    /// <summary>Email address, webhook URL, Opsgenie responder username — what may be shown.</summary>
    public string? Address { get; set; }

    /// <summary>Protected JSON: routingKey (PagerDuty), apiKey (Opsgenie), secrets (webhook, several during rotation).</summary>
    public byte[]? Secrets { get; set; }

    /// <summary>Order in which a person's methods are tried (all are used; the order only matters for display).</summary>
    public int Position { get; set; }

    public DateTimeOffset? SecretsRotatedAt { get; set; }
}

/// <summary>A named set of people paged together at one escalation level (e.g. "Heads of comms").</summary>
internal sealed class PagingGroup
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public List<Guid> Members { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }
}
