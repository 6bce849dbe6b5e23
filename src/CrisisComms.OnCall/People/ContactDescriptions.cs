namespace CrisisComms.OnCall.People;

/// <summary>What may be shown of a contact method: its kind and where it goes, never a key or secret.</summary>
internal static class ContactDescriptions
{
    public static string Describe(ContactMethod method) => method.Kind switch
    {
        ContactKinds.PagerDuty => "PagerDuty",
        ContactKinds.Opsgenie => method.Address is { Length: > 0 } responder ? $"Opsgenie ({responder})" : "Opsgenie",
        ContactKinds.Webhook => Uri.TryCreate(method.Address, UriKind.Absolute, out var uri) ? $"webhook {uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : "webhook",
        ContactKinds.Email => $"email {method.Address}",
        _ => method.Kind,
    };
}
