using System.Text.Json;

namespace CrisisComms.Web.Api;

internal sealed record ChannelDto(
    string Channel, string Mode, bool Paused, bool PausedAutomatically, string? PausedReason, DateTimeOffset? PausedAt, int ConsecutiveFailures,
    DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastError, long Sent, long Failed, int Waiting, int InDoubt);

internal sealed record LedgerDto(string IdempotencyKey, Guid PostId, Guid IncidentId, string Channel, string Status, string? ChannelPostId, string? Url, string? Error, int Attempts, bool Sandbox, DateTimeOffset UpdatedAt);

internal sealed record SandboxPostDto(Guid Id, Guid PostId, Guid IncidentId, string Channel, string Text, DateTimeOffset PostedAt, DateTimeOffset? WithdrawnAt);

/// <summary>Publishing's API: channels and their kill switches, the ledger's posts in doubt, the sandbox feed.</summary>
internal sealed class PublishingApi(ApiClient api)
{
    public Task<ApiResult<List<ChannelDto>>> ChannelsAsync(CancellationToken ct) => api.GetAsync<List<ChannelDto>>("channels", "/api/v1/channels", ct);

    public Task<ApiResult<JsonElement>> PauseAsync(string channel, string? reason, CancellationToken ct) =>
        api.PostAsync<JsonElement>("channels", $"/api/v1/channels/{Uri.EscapeDataString(channel)}/pause", new { reason }, ct);

    public Task<ApiResult<JsonElement>> ResumeAsync(string channel, CancellationToken ct) =>
        api.PostAsync<JsonElement>("channels", $"/api/v1/channels/{Uri.EscapeDataString(channel)}/resume", null, ct);

    public Task<ApiResult<List<LedgerDto>>> InDoubtAsync(CancellationToken ct) => api.GetAsync<List<LedgerDto>>("publishing", "/api/v1/publishing/ledger?status=Unknown", ct);

    public Task<ApiResult<JsonElement>> ResolveInDoubtAsync(string key, string outcome, CancellationToken ct) =>
        api.PostAsync<JsonElement>("publishing", $"/api/v1/publishing/ledger/{Uri.EscapeDataString(key)}/resolve", new { outcome }, ct);

    public Task<ApiResult<List<SandboxPostDto>>> SandboxAsync(Guid? incidentId, CancellationToken ct) =>
        api.GetAsync<List<SandboxPostDto>>("publishing", incidentId is { } id ? $"/api/v1/publishing/sandbox?incidentId={id}&limit=200" : "/api/v1/publishing/sandbox?limit=200", ct);
}

internal sealed record SuggestedReplyDto(string Template, string Text);

internal sealed record TriageItemDto(
    Guid Id, Guid MentionId, Guid? IncidentId, string Channel, string Author, string Text, string Verdict, string Priority,
    IReadOnlyList<string> Reasons, string Status, DateTimeOffset CreatedAt, DateTimeOffset? Deadline, DateTimeOffset? BreachedAt, string? Outcome)
{
    /// <summary>Who holds the item (triage's claim).</summary>
    public string? ClaimedBy { get; init; }

    public int? ClusterSize { get; init; }

    public bool LifeSafety { get; init; }

    public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>The ready answer triage offers first (the "call 999" one for someone in danger).</summary>
    public SuggestedReplyDto? Suggested { get; init; }
}

internal sealed record ReplyTemplateDto(string Key, string Name, string Text);

internal sealed record BulkResultDto(Guid ItemId, bool Done, string? Status, string? Problem, string? Detail);

internal sealed record BulkResponseDto(int Done, int Refused, IReadOnlyList<BulkResultDto> Results);

/// <summary>Triage's queue API: list, claim, snooze, reply (threaded on the mention's channel), resolve, and bulk resolve.</summary>
internal sealed class TriageApi(ApiClient api)
{
    public Task<ApiResult<List<TriageItemDto>>> QueueAsync(Guid? incidentId, CancellationToken ct) =>
        api.GetAsync<List<TriageItemDto>>("triage", incidentId is { } id ? $"/api/v1/triage/items?incidentId={id}" : "/api/v1/triage/items", ct);

    public Task<ApiResult<List<ReplyTemplateDto>>> TemplatesAsync(CancellationToken ct) =>
        api.GetAsync<List<ReplyTemplateDto>>("triage", "/api/v1/triage/templates", ct);

    public Task<ApiResult<TriageItemDto>> ResolveAsync(Guid id, string outcome, CancellationToken ct) =>
        api.PostAsync<TriageItemDto>("triage", $"/api/v1/triage/items/{id}/resolve", new { outcome }, ct);

    public Task<ApiResult<JsonElement>> ClaimAsync(Guid id, CancellationToken ct) =>
        api.PostAsync<JsonElement>("triage", $"/api/v1/triage/items/{id}/claim", null, ct);

    public Task<ApiResult<JsonElement>> SnoozeAsync(Guid id, TimeSpan until, CancellationToken ct) =>
        api.PostAsync<JsonElement>("triage", $"/api/v1/triage/items/{id}/snooze", new { minutes = (int)until.TotalMinutes }, ct);

    public Task<ApiResult<JsonElement>> ReplyAsync(Guid id, string text, string? template, CancellationToken ct) =>
        api.PostAsync<JsonElement>("triage", $"/api/v1/triage/items/{id}/replies", new { text, template }, ct);

    /// <summary>Resolves many at once in one call; each item's refusal is reported and stops nothing else.</summary>
    public async Task<(int Done, List<string> Refused)> ResolveManyAsync(IEnumerable<Guid> ids, string outcome, CancellationToken ct)
    {
        var result = await api.PostAsync<BulkResponseDto>("triage", "/api/v1/triage/items/bulk", new { action = "resolve", itemIds = ids.ToList(), outcome }, ct);
        return result.Ok
            ? (result.Value!.Done, result.Value.Results.Where(r => !r.Done).Select(r => r.Detail ?? r.Problem ?? "refused").ToList())
            : (0, [result.Refusal!.Message]);
    }
}

internal sealed record PageDto(Guid Id, string Reason, Guid SubjectId, Guid? IncidentId, string Recipient, string Summary, DateTimeOffset SentAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy);

internal sealed record OnCallNowDto(string Rota, string Person, DateTimeOffset? Until);

internal sealed record OnCallShiftDto(string LayerName, string PersonName, DateTimeOffset End);

internal sealed record OnCallRotaDto(string RotaName, IReadOnlyList<OnCallShiftDto> Layers);

internal sealed record WhoIsOnCallDto(DateTimeOffset At, IReadOnlyList<OnCallRotaDto> Rotas);

/// <summary>On-call's API: pages, acknowledging them, and who is on call now on every rota and layer.</summary>
internal sealed class OnCallApi(ApiClient api)
{
    public Task<ApiResult<List<PageDto>>> PagesAsync(CancellationToken ct) => api.GetAsync<List<PageDto>>("oncall", "/api/v1/oncall/pages", ct);

    public Task<ApiResult<PageDto>> AcknowledgeAsync(Guid id, string by, CancellationToken ct) =>
        api.PostAsync<PageDto>("oncall", $"/api/v1/oncall/pages/{id}/acknowledge", new { by }, ct);

    /// <summary>One line per rota layer: "Duty officer (Flood rota)", the person, and when their shift ends.</summary>
    public async Task<ApiResult<List<OnCallNowDto>>> NowAsync(CancellationToken ct)
    {
        var now = await api.GetAsync<WhoIsOnCallDto>("oncall", "/api/v1/oncall/now", ct);
        return now.Ok
            ? new ApiResult<List<OnCallNowDto>>(now.Value!.Rotas.SelectMany(r => r.Layers.Select(l => new OnCallNowDto($"{l.LayerName}, {r.RotaName}", l.PersonName, l.End))).ToList(), null)
            : new ApiResult<List<OnCallNowDto>>(null, now.Refusal);
    }
}
