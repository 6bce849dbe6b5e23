namespace CrisisComms.Platform.Messaging;

/// <summary>
/// Marks a consumer that changes no state — it answers a request from what is stored — so it needs
/// no inbox: answering twice is harmless. The architecture test accepts these instead of an inbox.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReadOnlyConsumerAttribute : Attribute;
