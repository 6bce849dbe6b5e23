namespace CrisisComms.Platform.Messaging;

/// <summary>
/// Marks a consumer that is exactly-once in effect by a mechanism of its own rather than the inbox —
/// e.g. the publish ledger, which must commit "attempted" before an external call, outside any single
/// transaction. The architecture test accepts these; <paramref name="mechanism"/> says how.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IdempotentByAttribute(string mechanism) : Attribute
{
    public string Mechanism { get; } = mechanism;
}
