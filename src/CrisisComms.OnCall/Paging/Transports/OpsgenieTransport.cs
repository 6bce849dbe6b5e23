using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using CrisisComms.OnCall.People;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>
/// Opsgenie Alert API v2 (<c>Authorization: GenieKey …</c>): create an alert whose alias is our subject
/// key (Opsgenie dedupes open alerts by alias), then acknowledge or close it by that alias.
/// </summary>
internal sealed class OpsgenieTransport(HttpClient http, IOptions<OnCallOptions> options, TimeProvider time) : IPagerTransport
{
    public string Kind => ContactKinds.Opsgenie;

    public async Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(outbound.Secrets.ApiKey))
        {
            return DeliveryOutcome.Refused("Opsgenie: no API key");
        }

        if (outbound.Escalation is not { } escalation)
        {
            return DeliveryOutcome.Refused("Opsgenie takes pages only, not handover notices");
        }

        var alias = escalation.SubjectKey;
        var baseUrl = options.Value.OpsgenieUrl;
        HttpRequestMessage request;
        switch (outbound.Delivery.Purpose)
        {
            case Purposes.Acknowledge or Purposes.Resolve:
                var action = outbound.Delivery.Purpose == Purposes.Acknowledge ? "acknowledge" : "close";
                request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"v2/alerts/{Uri.EscapeDataString(alias)}/{action}?identifierType=alias"))
                {
                    Content = JsonContent.Create(new AlertAction { User = "CrisisComms", Source = "CrisisComms", Note = outbound.Delivery.Title }),
                };
                break;
            default:
                var priority = escalation.Severity switch
                {
                    "critical" => "P1",
                    "error" => "P2",
                    "warning" => "P3",
                    _ => "P4",
                };
                var details = new Dictionary<string, string>
                {
                    ["escalation"] = escalation.Id.ToString(),
                    ["subject"] = escalation.SubjectKey,
                    ["level"] = (outbound.Page?.Level ?? escalation.Level + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (outbound.AcknowledgeUrl is { } ack)
                {
                    details["acknowledge"] = ack.ToString();
                }

                request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "v2/alerts"))
                {
                    Content = JsonContent.Create(new CreateAlert
                    {
                        // Opsgenie keeps 130 characters of a message.
                        Message = outbound.Delivery.Title.Length > 130 ? outbound.Delivery.Title[..129] + "…" : outbound.Delivery.Title,
                        Alias = alias.Length > 512 ? alias[..512] : alias,
                        Description = outbound.Delivery.Body.Length > 15000 ? outbound.Delivery.Body[..15000] : outbound.Delivery.Body,
                        Responders = outbound.Method.Address is { Length: > 0 } responder ? [new Responder { Type = "user", Username = responder }] : null,
                        Tags = ["crisiscomms", escalation.Reason],
                        Details = details,
                        Entity = escalation.SubjectKey,
                        Source = "CrisisComms",
                        Priority = priority,
                    }),
                };
                break;
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", outbound.Secrets.ApiKey);
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, cancellationToken))
            {
                return await HttpDelivery.JudgeAsync(response, time, cancellationToken);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
        {
            return HttpDelivery.FromException(e, cancellationToken);
        }
    }

    private sealed class CreateAlert
    {
        [JsonPropertyName("message")]
        public required string Message { get; set; }

        [JsonPropertyName("alias")]
        public required string Alias { get; set; }

        [JsonPropertyName("description")]
        public string? Description { get; set; }

        [JsonPropertyName("responders")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<Responder>? Responders { get; set; }

        [JsonPropertyName("tags")]
        public List<string>? Tags { get; set; }

        [JsonPropertyName("details")]
        public Dictionary<string, string>? Details { get; set; }

        [JsonPropertyName("entity")]
        public string? Entity { get; set; }

        [JsonPropertyName("source")]
        public string? Source { get; set; }

        [JsonPropertyName("priority")]
        public required string Priority { get; set; }
    }

    private sealed class Responder
    {
        [JsonPropertyName("type")]
        public required string Type { get; set; }

        [JsonPropertyName("username")]
        public required string Username { get; set; }
    }

    private sealed class AlertAction
    {
        [JsonPropertyName("user")]
        public string? User { get; set; }

        [JsonPropertyName("source")]
        public string? Source { get; set; }

        [JsonPropertyName("note")]
        public string? Note { get; set; }
    }
}
