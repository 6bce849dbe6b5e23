using CrisisComms.Contracts.Publishing;

namespace CrisisComms.Drafting.Templates;

/// <summary>The templates a new organisation starts with; admins edit them (each edit a new version).</summary>
internal static class DefaultTemplates
{
    public static IReadOnlyList<Template> All(DateTimeOffset now) =>
    [
        Make("holding-statement", "Holding statement", "We are responding to {{incident}}",
            "We are aware of {{incident}} affecting {{areas}} and are working with partners to respond. We will give an update by {{next_update}}. Please follow {{hashtag}} for the latest information.",
            [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Web, ChannelNames.Cap], now),
        Make("update", "Update", "Update: {{incident}}",
            "Update on {{incident}}: {{details}} Next update by {{next_update}}. {{hashtag}}",
            [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Web, ChannelNames.Cap], now),
        Make("road-closure", "Road closure", "{{road}} closed",
            "{{road}} is closed {{between}} because of {{incident}}. Please avoid the area and use {{diversion}}. {{hashtag}}",
            [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Sms, ChannelNames.Web], now),
        Make("rest-centre-open", "Rest centre open", "Rest centre open at {{rest_centre}}",
            "A rest centre is open at {{rest_centre}}, {{address}}, for anyone who has had to leave home because of {{incident}}. Bring medicines and essentials if you can. {{hashtag}}",
            [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Sms, ChannelNames.Telegram, ChannelNames.Web], now),
        Make("school-closures", "School closures", "School closures: {{incident}}",
            "These schools are closed today because of {{incident}}: {{schools}}. Parents will be contacted directly by each school. {{hashtag}}",
            [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Email, ChannelNames.Web], now),
        Make("all-clear", "All clear", "All clear: {{incident}}",
            "The emergency response to {{incident}} has ended. Thank you for your patience. {{details}} {{hashtag}}",
            [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Sms, ChannelNames.Web, ChannelNames.Cap], now),
    ];

    private static Template Make(string key, string name, string headline, string body, List<string> channels, DateTimeOffset now) => new()
    {
        Key = key,
        Version = 1,
        Name = name,
        Headline = headline,
        Body = body,
        DefaultChannels = channels,
        EditedBy = "system",
        EditedAt = now,
        IsCurrent = true,
    };
}
