using System.Net.Http.Json;
using System.Text.Json.Serialization;
using CrisisComms.OnCall.People;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>
/// PagerDuty Events API v2: <c>POST /v2/enqueue</c> with the person's routing key. The dedup_key is our
/// subject key (the triage item id…), so repeated triggers for one subject are one alert, and its
/// acknowledge and resolve events close the same alert.
/// </summary>
internal sealed class PagerDutyTransport(HttpClient http, IOptions<OnCallOptions> options, TimeProvider time) : IPagerTransport
{
    public string Kind => ContactKinds.PagerDuty;

    public async Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(outbound.Secrets.RoutingKey))
        {
            return DeliveryOutcome.Refused("PagerDuty: no routing key");
        }

        if (outbound.Escalation is not { } escalation)
        {
            return DeliveryOutcome.Refused("PagerDuty takes pages only, not handover notices");
        }

        var action = outbound.Delivery.Purpose switch
        {
            Purposes.Acknowledge => "acknowledge",
            Purposes.Resolve => "resolve",
            _ => "trigger",
        };
        var body = new PagerDutyEvent
        {
            RoutingKey = outbound.Secrets.RoutingKey,
            EventAction = action,
            DedupKey = escalation.SubjectKey,
        };
        if (action == "trigger")
        {
            var console = new Uri(options.Value.PublicBaseUrl, "oncall").ToString();
            body.Payload = new PagerDutyPayload
            {
                // PagerDuty keeps the first 1,024 characters of a summary.
                Summary = outbound.Delivery.Title.Length > 1024 ? outbound.Delivery.Title[..1024] : outbound.Delivery.Title,
                Source = "crisiscomms",
                Severity = escalation.Severity,
                Timestamp = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                Component = escalation.Reason,
                Group = escalation.IncidentId?.ToString(),
                Class = escalation.Reason,
                CustomDetails = new Dictionary<string, string>
                {
                    ["escalation"] = escalation.Id.ToString(),
                    ["level"] = (outbound.Page?.Level ?? escalation.Level + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["subject"] = escalation.SubjectKey,
                    ["details"] = outbound.Delivery.Body,
                },
            };
            body.Client = "CrisisComms";
            body.ClientUrl = console;
            body.Links = outbound.AcknowledgeUrl is { } ack ? [new PagerDutyLink { Href = ack.ToString(), Text = "Acknowledge in CrisisComms" }] : null;
        }

        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(options.Value.PagerDutyEventsUrl, "enqueue"), body, cancellationToken);
            return await HttpDelivery.JudgeAsync(response, time, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
        {
            return HttpDelivery.FromException(e, cancellationToken);
        }
    }

    private sealed class PagerDutyEvent
    {
        [JsonPropertyName("routing_key")]
        public required string RoutingKey { get; set; }

        [JsonPropertyName("event_action")]
        public required string EventAction { get; set; }

        [JsonPropertyName("dedup_key")]
        public required string DedupKey { get; set; }

        [JsonPropertyName("payload")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public PagerDutyPayload? Payload { get; set; }

        [JsonPropertyName("client")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Client { get; set; }

        [JsonPropertyName("client_url")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? ClientUrl { get; set; }

        [JsonPropertyName("links")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<PagerDutyLink>? Links { get; set; }
    }

    private sealed class PagerDutyPayload
    {
        [JsonPropertyName("summary")]
        public required string Summary { get; set; }

        [JsonPropertyName("source")]
        public required string Source { get; set; }

        [JsonPropertyName("severity")]
        public required string Severity { get; set; }

        [JsonPropertyName("timestamp")]
        public required string Timestamp { get; set; }

        [JsonPropertyName("component")]
        public string? Component { get; set; }

        [JsonPropertyName("group")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Group { get; set; }

        [JsonPropertyName("class")]
        public string? Class { get; set; }

        [JsonPropertyName("custom_details")]
        public Dictionary<string, string>? CustomDetails { get; set; }
    }

    private sealed class PagerDutyLink
    {
        [JsonPropertyName("href")]
        public required string Href { get; set; }

        [JsonPropertyName("text")]
        public string? Text { get; set; }
    }
}
