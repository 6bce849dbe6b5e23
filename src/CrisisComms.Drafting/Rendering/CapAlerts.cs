using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Rendering.Cap;

namespace CrisisComms.Drafting.Rendering;

/// <summary>A draft as a CAP 1.2 alert: updates, corrections and the all-clear reference the original; a retraction cancels it.</summary>
internal static class CapAlerts
{
    private static readonly (string Stem, CapCategory Category)[] Categories =
    [
        ("flood", CapCategory.Met), ("snow", CapCategory.Met), ("storm", CapCategory.Met), ("ice", CapCategory.Met), ("wind", CapCategory.Met),
        ("heat", CapCategory.Met), ("fire", CapCategory.Fire), ("smoke", CapCategory.Fire), ("power", CapCategory.Infra),
        ("water", CapCategory.Infra), ("gas", CapCategory.Infra), ("road", CapCategory.Transport), ("rail", CapCategory.Transport),
        ("chemical", CapCategory.CBRNE), ("health", CapCategory.Health), ("pollution", CapCategory.Env),
    ];

    public static CapAlert For(DraftKind kind, string headline, string body, RenderContext context)
    {
        var messageType = kind switch
        {
            DraftKind.Retraction => CapMessageType.Cancel,
            DraftKind.Initial when context.Follows is null => CapMessageType.Alert,
            _ => context.Follows is null ? CapMessageType.Alert : CapMessageType.Update,
        };
        var info = new CapInfo(
            [CategoryOf(context.IncidentTitle)],
            context.IncidentTitle,
            kind == DraftKind.AllClear ? CapUrgency.Past : context.Severity >= Severity.Major ? CapUrgency.Immediate : CapUrgency.Expected,
            kind == DraftKind.AllClear ? CapSeverity.Minor : context.Severity switch
            {
                Severity.Critical => CapSeverity.Extreme,
                Severity.Major => CapSeverity.Severe,
                Severity.Moderate => CapSeverity.Moderate,
                _ => CapSeverity.Minor,
            },
            CapCertainty.Observed)
        {
            ResponseTypes = [kind == DraftKind.AllClear ? CapResponseType.AllClear : CapResponseType.Monitor],
            SenderName = context.Organisation,
            Headline = headline,
            Description = body,
            Web = context.IncidentPage,
            Areas = context.Areas.Count == 0 ? [new CapArea(context.Organisation)] : context.Areas.Select(a => new CapArea(a)).ToList(),
        };
        return new CapAlert(context.CapIdentifier, context.CapSender, context.Now, CapStatus.Actual, messageType, CapScope.Public, [info])
        {
            References = context.Follows is null ? [] : [context.Follows],
            Incidents = [context.Hashtag.TrimStart('#')],
        };
    }

    private static CapCategory CategoryOf(string title) =>
        Categories.FirstOrDefault(c => title.Contains(c.Stem, StringComparison.OrdinalIgnoreCase)).Category is var category && category != default
            ? category
            : CapCategory.Safety;
}
