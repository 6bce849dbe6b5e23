namespace CrisisComms.Web.Api;

internal sealed record IncidentDto(
    Guid Id, string Organisation, string Title, string ShortName, string Hashtag, string Severity, string Status, IReadOnlyList<string> Areas,
    string? Summary, DateTimeOffset? NextUpdateDue, string OpenedBy, DateTimeOffset OpenedAt, DateTimeOffset? StoodDownAt, DateTimeOffset? ClosedAt);

internal sealed record RenderingDto(string Channel, string Text, int Used, int Limit, string Counter, string Verdict, string VerdictText, bool HashtagIncluded)
{
    public string? Subject { get; init; }

    public IReadOnlyList<string>? Thread { get; init; }
}

internal sealed record FindingDto(string Check, string Action, string Match, int Index, string Message);

internal sealed record PreviewDto(IReadOnlyList<RenderingDto> Renderings, IReadOnlyList<FindingDto> Findings, bool Blocked);

internal sealed record ChannelStatusDto(string Channel, string Status, string? ChannelPostId, string? Url, string? Error, DateTimeOffset UpdatedAt);

internal sealed record DraftSummaryDto(
    Guid Id, Guid IncidentId, string Kind, string Status, int Version, string Headline, IReadOnlyList<string> Channels, string CreatedBy,
    DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, Guid? PostId);

internal sealed record DraftDto(
    Guid Id, Guid IncidentId, string Kind, string Status, int Version, string Headline, string Body, IReadOnlyList<string> Channels, Guid? FollowsPostId,
    string? Template, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, string? DecidedBy, DateTimeOffset? DecidedAt,
    string? RejectionReason, bool BreakGlass, string? BreakGlassReason, Guid? PostId, IReadOnlyList<RenderingDto> Renderings,
    IReadOnlyList<FindingDto> Findings, IReadOnlyList<ChannelStatusDto> ChannelStatus);

internal sealed record PostDto(Guid Id, Guid IncidentId, Guid? DraftId, string Kind, string Headline, string Text, DateTimeOffset CreatedAt, IReadOnlyList<ChannelStatusDto> Channels);

internal sealed record ScheduleDto(
    Guid Id, Guid? IncidentId, string Kind, DateTimeOffset DueAt, Guid? DraftId, string? Note, string Status, string? Outcome, bool Routine, string CreatedBy, DateTimeOffset CreatedAt);

internal sealed record OrganisationDto(string Name, string HashtagPrefix, string ApprovalMode, bool CrisisSwitchOn, string? CrisisSwitchReason, string? CrisisSwitchBy, DateTimeOffset? CrisisSwitchAt);

internal sealed record TemplateDto(string Key, int Version, string Name, string Headline, string Body, IReadOnlyList<string> DefaultChannels, IReadOnlyList<string> Placeholders);

internal sealed record DraftInput(Guid? IncidentId, string? Kind, string? Headline, string? Body, IReadOnlyList<string>? Channels, Guid? FollowsPostId);

/// <summary>Drafting's API (incidents, drafts, posts, schedules, templates, the organisation's crisis switch).</summary>
internal sealed class DraftingApi(ApiClient api)
{
    public Task<ApiResult<List<IncidentDto>>> IncidentsAsync(CancellationToken ct) => api.GetAsync<List<IncidentDto>>("incidents", "/api/v1/incidents", ct);

    public Task<ApiResult<IncidentDto>> IncidentAsync(Guid id, CancellationToken ct) => api.GetAsync<IncidentDto>("incidents", $"/api/v1/incidents/{id}", ct);

    public Task<ApiResult<IncidentDto>> OpenIncidentAsync(string? title, string? shortName, string? severity, IReadOnlyList<string> areas, string? summary, bool acceptHashtagInUse, CancellationToken ct) =>
        api.PostAsync<IncidentDto>("incidents", "/api/v1/incidents", new { title, shortName, severity, areas, summary, acceptHashtagInUse }, ct);

    public Task<ApiResult<IncidentDto>> UpdateIncidentAsync(Guid id, string? severity, string? summary, string? reason, CancellationToken ct) =>
        api.PatchAsync<IncidentDto>("incidents", $"/api/v1/incidents/{id}", new { severity, summary, reason }, ct);

    public Task<ApiResult<IncidentDto>> StandDownAsync(Guid id, string? reason, CancellationToken ct) =>
        api.PostAsync<IncidentDto>("incidents", $"/api/v1/incidents/{id}/stand-down", new { reason }, ct);

    public Task<ApiResult<IncidentDto>> CloseAsync(Guid id, string? reason, CancellationToken ct) =>
        api.PostAsync<IncidentDto>("incidents", $"/api/v1/incidents/{id}/close", new { reason }, ct);

    public Task<ApiResult<IncidentDto>> NextUpdateAsync(Guid id, DateTimeOffset? dueAt, string? note, CancellationToken ct) =>
        api.PostAsync<IncidentDto>("incidents", $"/api/v1/incidents/{id}/next-update", new { dueAt, note }, ct);

    public Task<ApiResult<List<DraftSummaryDto>>> DraftsAsync(Guid? incidentId, string? status, CancellationToken ct) =>
        api.GetAsync<List<DraftSummaryDto>>("drafts", $"/api/v1/drafts?{Query(("incidentId", incidentId?.ToString()), ("status", status))}", ct);

    public Task<ApiResult<DraftDto>> DraftAsync(Guid id, CancellationToken ct) => api.GetAsync<DraftDto>("drafts", $"/api/v1/drafts/{id}", ct);

    public Task<ApiResult<PreviewDto>> PreviewAsync(DraftInput input, CancellationToken ct) => api.PostAsync<PreviewDto>("drafts", "/api/v1/drafts/preview", input, ct);

    public Task<ApiResult<DraftDto>> CreateDraftAsync(DraftInput input, bool submit, CancellationToken ct) =>
        api.PostAsync<DraftDto>("drafts", "/api/v1/drafts", new { input.IncidentId, input.Kind, input.Headline, input.Body, input.Channels, input.FollowsPostId, submit }, ct);

    public Task<ApiResult<DraftDto>> SubmitAsync(Guid id, CancellationToken ct) => api.PostAsync<DraftDto>("drafts", $"/api/v1/drafts/{id}/submit", null, ct);

    public Task<ApiResult<DraftDto>> ApproveAsync(Guid id, CancellationToken ct) => api.PostAsync<DraftDto>("drafts", $"/api/v1/drafts/{id}/approve", null, ct);

    public Task<ApiResult<DraftDto>> RejectAsync(Guid id, string? reason, CancellationToken ct) => api.PostAsync<DraftDto>("drafts", $"/api/v1/drafts/{id}/reject", new { reason }, ct);

    public Task<ApiResult<DraftDto>> BreakGlassAsync(Guid id, string? reason, CancellationToken ct) => api.PostAsync<DraftDto>("drafts", $"/api/v1/drafts/{id}/break-glass", new { reason }, ct);

    public Task<ApiResult<List<PostDto>>> PostsAsync(Guid incidentId, CancellationToken ct) => api.GetAsync<List<PostDto>>("posts", $"/api/v1/posts?incidentId={incidentId}", ct);

    public Task<ApiResult<System.Text.Json.JsonElement>> WithdrawAsync(Guid postId, string? reason, IReadOnlyList<string>? channels, CancellationToken ct) =>
        api.PostAsync<System.Text.Json.JsonElement>("posts", $"/api/v1/posts/{postId}/withdraw", new { reason, channels }, ct);

    public Task<ApiResult<List<ScheduleDto>>> SchedulesAsync(CancellationToken ct) => api.GetAsync<List<ScheduleDto>>("schedules", "/api/v1/schedules", ct);

    public Task<ApiResult<ScheduleDto>> ScheduleAsync(Guid? incidentId, string kind, DateTimeOffset? dueAt, Guid? draftId, string? note, bool routine, CancellationToken ct) =>
        api.PostAsync<ScheduleDto>("schedules", "/api/v1/schedules", new { incidentId, kind, dueAt, draftId, note, routine }, ct);

    public Task<ApiResult<ScheduleDto>> CancelScheduleAsync(Guid id, CancellationToken ct) => api.PostAsync<ScheduleDto>("schedules", $"/api/v1/schedules/{id}/cancel", new { reason = (string?)null }, ct);

    public Task<ApiResult<ScheduleDto>> ReleaseScheduleAsync(Guid id, CancellationToken ct) => api.PostAsync<ScheduleDto>("schedules", $"/api/v1/schedules/{id}/release", null, ct);

    public Task<ApiResult<OrganisationDto>> OrganisationAsync(CancellationToken ct) => api.GetAsync<OrganisationDto>("organisation", "/api/v1/organisation/settings", ct);

    public Task<ApiResult<OrganisationDto>> CrisisSwitchAsync(bool on, string? reason, CancellationToken ct) =>
        api.PutAsync<OrganisationDto>("organisation", "/api/v1/organisation/crisis-switch", new { on, reason }, ct);

    public Task<ApiResult<List<TemplateDto>>> TemplatesAsync(CancellationToken ct) => api.GetAsync<List<TemplateDto>>("templates", "/api/v1/templates", ct);

    private static string Query(params (string Key, string? Value)[] parts) =>
        string.Join('&', parts.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
}
