using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Queue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage.Replies;

/// <summary>Reply with free text or a template; "first" answers the item's first mention, "all" every voice in its cluster.</summary>
internal sealed record ReplyRequest(string? Text, string? Template, Dictionary<string, string>? Values, string? Audience);

internal sealed record ReplyAccepted(TriageItemResponse Item, IReadOnlyList<Guid> ReplyIds);

internal static class ReplyEndpoints
{
    private const int MaxReplyLength = 2_000;

    public static void MapTriageReplies(this IEndpointRouteBuilder app)
    {
        var triage = app.MapGroup("/api/v1/triage").WithTags("Triage").RequireAuthorization(Policies.Staff);
        triage.MapGet("/templates", () => TypedResults.Ok(ReplyTemplates.All)).WithName("ListTriageReplyTemplates")
            .WithSummary("Triage's reply templates, with the {placeholders} each needs.");
        triage.MapPost("/items/{id:guid}/replies", ReplyAsync).WithName("ReplyToTriageItem").WithIdempotency<TriageDbContext>()
            .WithSummary("Reply on the mention's own channel, threaded under it; publishing sends it and reports back.");
    }

    internal static async Task<Results<Accepted<ReplyAccepted>, ProblemHttpResult>> ReplyAsync(
        Guid id, ReplyRequest request, TriageDbContext db, CurrentUser user, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var text = request.Text?.Trim();
        ReplyTemplate? template = null;
        if (request.Template is { } key)
        {
            template = ReplyTemplates.Find(key);
            if (template is null)
            {
                errors["template"] = [$"'{key}' is not a triage template (see /api/v1/triage/templates)"];
            }
            else if (string.IsNullOrEmpty(text))
            {
                var (filled, missing) = ReplyTemplates.Fill(template, request.Values);
                if (missing.Count > 0)
                {
                    errors["values"] = [$"fill in: {string.Join(", ", missing)}"];
                }

                text = filled;
            }
        }

        if (string.IsNullOrEmpty(text) && template is null && !errors.ContainsKey("template"))
        {
            errors["text"] = ["give the reply's text, or a template"];
        }
        else if (text is { Length: > MaxReplyLength })
        {
            errors["text"] = [$"is at most {MaxReplyLength} characters"];
        }

        var audience = (request.Audience ?? "first").ToLowerInvariant();
        if (audience is not ("first" or "all"))
        {
            errors["audience"] = ["must be first or all"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        try
        {
            return await db.InTransactionAsync<Results<Accepted<ReplyAccepted>, ProblemHttpResult>>(async () =>
            {
                var item = await db.Items.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
                if (item is null)
                {
                    return ApiProblems.NotFound("Triage item", id);
                }

                if (QueueActions.HeldByAnother(item, user.Id, now) is { } refusal)
                {
                    return TriageEndpoints.Refused(refusal);
                }

                var mentions = audience == "first"
                    ? await db.Mentions.Where(m => m.MentionId == item.MentionId).ToListAsync(cancellationToken)
                    : await db.Mentions.Where(m => m.ItemId == item.Id && m.ReplyId == null && !m.IsRepost)
                        .OrderBy(m => m.ReceivedAt).Take(options.Value.ReplyFanOutLimit).ToListAsync(cancellationToken);
                if (mentions.Count == 0)
                {
                    return ApiProblems.Conflict("nothing-to-reply-to", "Every mention here already has a reply.", $"Item {id}: no mention is waiting for a reply.");
                }

                var ids = new List<Guid>(mentions.Count);
                foreach (var mention in mentions)
                {
                    var reply = new TriageReply
                    {
                        Id = Guid.CreateVersion7(),
                        ItemId = item.Id,
                        MentionId = mention.MentionId,
                        Channel = mention.Channel,
                        Text = text!,
                        TemplateKey = template?.Key,
                        Status = ReplyRowStatus.Requested,
                        RequestedBy = user.Id,
                        RequestedAt = now,
                    };
                    db.Replies.Add(reply);
                    mention.ReplyId = reply.Id;
                    ids.Add(reply.Id);
                    db.Outbox.Publish(new ReplyRequested(reply.Id, item.Id, item.IncidentId, mention.Channel, mention.NativeId, mention.AuthorId, text!, user.Id));
                }

                item.ReplyStatus = ReplyState.Pending;
                item.ReplyDetail = $"{ids.Count} sending";
                QueueActions.Renew(item, user.Id, now, options.Value);
                item.Version++;
                ItemPicture.Announce(db, item, now);
                return TypedResults.Accepted($"/api/v1/triage/items/{item.Id}", new ReplyAccepted(TriageItemResponse.From(item, now), ids));
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Conflict("item-changed", "The item changed meanwhile.", "Someone else acted on it at the same moment: reload it and try again.");
        }
    }
}
