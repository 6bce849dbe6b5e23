using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Drafting.Posts;
using CrisisComms.Drafting.Rendering;
using CrisisComms.Drafting.Rendering.Cap;
using CrisisComms.Drafting.Risk;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Drafting.Drafts;

/// <summary>Who is acting on a draft: a person (from the request) or the system (a schedule firing).</summary>
internal sealed record Actor(string Id, string Name, IReadOnlyList<string> Roles)
{
    public static Actor System { get; } = new("system", "CrisisComms schedule", []);
}

/// <summary>Why a draft could not move on: a problem type for the API, and words for the officer.</summary>
internal sealed record WorkflowRefusal(int Status, string Type, string Title, string Detail)
{
    public IReadOnlyList<RiskFinding> Findings { get; init; } = [];

    public IReadOnlyList<ChannelRendering> Renderings { get; init; } = [];
}

/// <summary>
/// The life of a draft after it is written: submit, approve or send back, break glass, and release —
/// one <see cref="PublishToChannel"/> per channel through the outbox, in the same transaction as the
/// post, the draft's new status and the audit lines.
/// </summary>
internal sealed class DraftWorkflow(DraftingDbContext db, AuditTrail audit, TimeProvider time)
{
    /// <summary>Submits a draft: published at once where the organisation needs no approval, else it waits for an approver.</summary>
    public async Task<WorkflowRefusal?> SubmitAsync(Draft draft, Actor actor, OrganisationSettings settings, CancellationToken cancellationToken)
    {
        if (draft.Status is not (DraftStatus.Draft or DraftStatus.Rejected))
        {
            return NotNow(draft, "submitted");
        }

        var incident = await IncidentOf(draft, cancellationToken);
        var findings = RiskChecker.Check(RiskText(draft), RiskPolicy.From(settings));
        if (RiskChecker.Blocks(findings))
        {
            return Blocked(findings);
        }

        if (settings.ApprovalMode == ApprovalMode.None)
        {
            await audit.RecordAsync("draft.submitted", "draft", draft.Id, draft.IncidentId, null, new { draft.Version, approval = "none needed" }, cancellationToken);
            return await ReleaseAsync(draft, incident, actor, approvedBy: null, breakGlass: false, findings, settings, cancellationToken);
        }

        var now = time.GetUtcNow();
        draft.Status = DraftStatus.AwaitingApproval;
        draft.SubmittedAt = now;
        draft.RejectionReason = null;
        draft.UpdatedAt = now;
        db.Outbox.Schedule(new CheckApprovalWaiting(draft.Id, draft.Version), now + settings.ApprovalStallLimit, $"approval-{draft.Id:N}");
        await audit.RecordAsync("draft.submitted", "draft", draft.Id, draft.IncidentId, null, new { draft.Version, waitingFor = "approval", findings }, cancellationToken);
        return null;
    }

    /// <summary>A second person approves: never the author.</summary>
    public async Task<WorkflowRefusal?> ApproveAsync(Draft draft, Actor approver, OrganisationSettings settings, CancellationToken cancellationToken)
    {
        if (draft.Status != DraftStatus.AwaitingApproval)
        {
            return NotNow(draft, "approved");
        }

        if (draft.CreatedBy == approver.Id)
        {
            return new WorkflowRefusal(403, "own-draft", "An author cannot approve their own draft.", "Ask another approver, or use break-glass if you hold a role allowed to and have a reason.");
        }

        var findings = RiskChecker.Check(RiskText(draft), RiskPolicy.From(settings));
        if (RiskChecker.Blocks(findings))
        {
            return Blocked(findings);
        }

        var incident = await IncidentOf(draft, cancellationToken);
        await audit.RecordAsync("draft.approved", "draft", draft.Id, draft.IncidentId, null, new { draft.Version }, cancellationToken);
        return await ReleaseAsync(draft, incident, approver, approvedBy: approver, breakGlass: false, findings, settings, cancellationToken);
    }

    public async Task<WorkflowRefusal?> RejectAsync(Draft draft, Actor approver, string reason, CancellationToken cancellationToken)
    {
        if (draft.Status != DraftStatus.AwaitingApproval)
        {
            return NotNow(draft, "sent back");
        }

        var now = time.GetUtcNow();
        draft.Status = DraftStatus.Rejected;
        draft.RejectionReason = reason;
        draft.DecidedBy = approver.Id;
        draft.DecidedByName = approver.Name;
        draft.DecidedAt = now;
        draft.UpdatedAt = now;
        await audit.RecordAsync("draft.rejected", "draft", draft.Id, draft.IncidentId, reason, new { draft.Version }, cancellationToken);
        return null;
    }

    /// <summary>
    /// Publishes without approval — and past risk blocks — for the roles the organisation allows, with
    /// a reason that goes into the audit log with what the checks had found.
    /// </summary>
    public async Task<WorkflowRefusal?> BreakGlassAsync(Draft draft, Actor actor, string reason, OrganisationSettings settings, CancellationToken cancellationToken)
    {
        if (!actor.Roles.Any(settings.BreakGlassRoles.Contains))
        {
            return new WorkflowRefusal(403, "break-glass-not-allowed", "Break-glass is not allowed for your role.",
                $"Only {string.Join(", ", settings.BreakGlassRoles)} may publish without approval.");
        }

        if (draft.Status == DraftStatus.Published)
        {
            return NotNow(draft, "published again");
        }

        var incident = await IncidentOf(draft, cancellationToken);
        var findings = RiskChecker.Check(RiskText(draft), RiskPolicy.From(settings));
        draft.BreakGlass = true;
        draft.BreakGlassReason = reason;
        await audit.RecordAsync("draft.break-glass", "draft", draft.Id, draft.IncidentId, reason, new { draft.Version, overridden = findings }, cancellationToken);
        return await ReleaseAsync(draft, incident, actor, approvedBy: null, breakGlass: true, findings, settings, cancellationToken);
    }

    /// <summary>A scheduled post falls due: published if it needs no (further) approval.</summary>
    public async Task<WorkflowRefusal?> PublishScheduledAsync(Draft draft, OrganisationSettings settings, CancellationToken cancellationToken) => draft.Status switch
    {
        DraftStatus.Published => null,
        DraftStatus.AwaitingApproval or DraftStatus.Rejected when settings.ApprovalMode == ApprovalMode.SecondPerson =>
            new WorkflowRefusal(409, "not-approved", "The scheduled draft was not approved in time.", $"Draft {draft.Id} is {draft.Status}; approve it and publish by hand."),
        _ => await SubmitAsync(draft, Actor.System, settings, cancellationToken),
    };

    public async Task<IReadOnlyList<ChannelRendering>> RenderAsync(Draft draft, OrganisationSettings settings, Guid capIdentifier, CancellationToken cancellationToken)
    {
        var incident = await IncidentOf(draft, cancellationToken);
        var context = await ContextAsync(draft.FollowsPostId, incident, settings, capIdentifier, cancellationToken);
        return DraftRenderer.Render(draft.Kind, draft.Headline, draft.Body, draft.Channels, context);
    }

    public async Task<RenderContext> ContextAsync(Guid? followsPostId, Incident incident, OrganisationSettings settings, Guid capIdentifier, CancellationToken cancellationToken)
    {
        CapReference? follows = null;
        if (followsPostId is { } originalId && await db.Posts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == originalId, cancellationToken) is { } original)
        {
            follows = new CapReference(settings.CapSender, CapIdentifier(original.Id), original.CreatedAt);
        }

        return new RenderContext(settings.Name, incident.Hashtag, incident.Title, incident.Severity, incident.Areas, settings.CapSender,
            CapIdentifier(capIdentifier), IncidentPage(settings, incident.Id), time.GetUtcNow(), follows);
    }

    public static string CapIdentifier(Guid postId) => $"crisiscomms-{postId:N}";

    public static Uri IncidentPage(OrganisationSettings settings, Guid incidentId) =>
        new(new Uri(settings.PublicBaseUrl.EndsWith('/') ? settings.PublicBaseUrl : settings.PublicBaseUrl + "/"), $"incidents/{incidentId}");

    private async Task<WorkflowRefusal?> ReleaseAsync(
        Draft draft, Incident incident, Actor releasedBy, Actor? approvedBy, bool breakGlass, IReadOnlyList<RiskFinding> findings, OrganisationSettings settings, CancellationToken cancellationToken)
    {
        if (incident.Status == IncidentStatus.Closed)
        {
            return new WorkflowRefusal(409, "incident-closed", "The incident is closed.", $"Incident {incident.Id} was closed at {incident.ClosedAt:u}.");
        }

        var now = time.GetUtcNow();
        var postId = Guid.CreateVersion7();
        var context = await ContextAsync(draft.FollowsPostId, incident, settings, postId, cancellationToken);
        var renderings = DraftRenderer.Render(draft.Kind, draft.Headline, draft.Body, draft.Channels, context);
        // Too long anywhere (except X, which goes as a thread) means it cannot go out as written.
        var tooLong = renderings.Where(r => r.Verdict == Verdict.TooLong && r.Thread is null).ToList();
        if (tooLong.Count > 0)
        {
            return new WorkflowRefusal(409, "too-long", "Too long for some channels.",
                string.Join("; ", tooLong.Select(r => $"{r.Channel}: {r.VerdictText}"))) { Renderings = renderings };
        }

        var replyTo = await ReplyTargetsAsync(draft.FollowsPostId, cancellationToken);
        var post = new Post
        {
            Id = postId,
            IncidentId = draft.IncidentId,
            DraftId = draft.Id,
            Kind = draft.Kind.ToString(),
            Headline = draft.Headline,
            Text = draft.Body,
            CreatedAt = now,
            Channels = renderings.Select(r => new PostChannel { Channel = r.Channel, Status = ChannelStatus.Pending, UpdatedAt = now }).ToList(),
        };
        db.Posts.Add(post);
        foreach (var r in renderings)
        {
            db.Outbox.Publish(new PublishToChannel(post.Id, post.IncidentId, r.Channel, r.Thread?[0] ?? r.Text, PostChannel.IdempotencyKey(post.Id, r.Channel))
            {
                Subject = r.Subject,
                Html = r.Html,
                Thread = r.Thread,
                CapXml = r.CapXml,
                InReplyTo = replyTo.GetValueOrDefault(r.Channel),
                Kind = draft.Kind.ToString(),
            });
        }

        draft.Status = DraftStatus.Published;
        draft.PostId = post.Id;
        draft.DecidedBy = approvedBy?.Id ?? releasedBy.Id;
        draft.DecidedByName = approvedBy?.Name ?? releasedBy.Name;
        draft.DecidedAt = now;
        draft.UpdatedAt = now;
        db.Outbox.Publish(new PostReleased(post.Id, draft.Id, draft.IncidentId, draft.Kind.ToString(), draft.Headline, draft.Body, draft.Channels,
            releasedBy.Name, approvedBy?.Name, breakGlass, now));
        await audit.RecordAsync("post.released", "post", post.Id, draft.IncidentId, breakGlass ? draft.BreakGlassReason : null,
            new { draftId = draft.Id, draft.Version, draft.Channels, approvedBy = approvedBy?.Name, breakGlass, warnings = findings }, cancellationToken);
        return null;
    }

    // Follow-ups reply to the original on the channels that thread (X, Facebook).
    private async Task<Dictionary<string, string>> ReplyTargetsAsync(Guid? followsPostId, CancellationToken cancellationToken)
    {
        if (followsPostId is not { } originalId)
        {
            return [];
        }

        var channels = await db.PostChannels.AsNoTracking()
            .Where(c => c.PostId == originalId && c.ChannelPostId != null && (c.Channel == ChannelNames.X || c.Channel == ChannelNames.Facebook))
            .ToListAsync(cancellationToken);
        return channels.ToDictionary(c => c.Channel, c => c.ChannelPostId!);
    }

    private async Task<Incident> IncidentOf(Draft draft, CancellationToken cancellationToken) =>
        await db.Incidents.FirstAsync(i => i.Id == draft.IncidentId, cancellationToken);

    private static string RiskText(Draft draft) => $"{draft.Headline}\n{draft.Body}";

    private static WorkflowRefusal Blocked(IReadOnlyList<RiskFinding> findings) => new(409, "risk-blocked", "Blocked by the risk checks.",
        string.Join("; ", findings.Where(f => f.Action == RiskAction.Block).Select(f => $"{f.Message}: \"{f.Match}\"")))
    {
        Findings = findings,
    };

    private static WorkflowRefusal NotNow(Draft draft, string what) =>
        new(409, "draft-state", $"This draft cannot be {what} now.", $"Draft {draft.Id} is {draft.Status}.");
}
