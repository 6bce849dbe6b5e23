using System.ComponentModel.DataAnnotations;

namespace CrisisComms.OnCall;

/// <summary><c>CrisisComms:OnCall</c>.</summary>
internal sealed class OnCallOptions : IValidatableObject
{
    public const string Section = "CrisisComms:OnCall";

    /// <summary>
    /// Who is paged while no policy covers a trigger: the name or email of a person on the on-call
    /// list (or, with no such person, recorded as undeliverable — itself an alert).
    /// </summary>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string FallbackRecipient { get; set; } = "duty-officer";

    /// <summary>The organisation's time zone (IANA id): rotas use it unless they name their own.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Where people reach this system from outside (acknowledge links, calendar feed URLs).</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5080/");

    /// <summary>How long a signed acknowledge link works.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AckLinkLifetime { get; set; } = TimeSpan.FromHours(4);

    /// <summary>One outbound call (PagerDuty, Opsgenie, a webhook, SMTP).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First retry delay of a delivery (doubles each attempt, with jitter), and its cap.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryCap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts before a delivery is given up (and, when no way reached the person, announced as failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long before a handover the incoming officer is reminded.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "2.00:00:00")]
    public TimeSpan HandoverReminderLead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often due handover reminders and summaries are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan HandoverCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest inbound webhook body read (PagerDuty, Opsgenie); larger ones are refused before parsing.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxWebhookBytes { get; set; } = 256 * 1024;

    /// <summary>PagerDuty Events API v2 base (…/enqueue is appended).</summary>
    [Required]
    public Uri PagerDutyEventsUrl { get; set; } = new("https://events.pagerduty.com/v2/");

    /// <summary>Opsgenie API base (api.eu.opsgenie.com for EU accounts).</summary>
    [Required]
    public Uri OpsgenieUrl { get; set; } = new("https://api.opsgenie.com/");

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Seed a demo rota, people and policy on an empty embedded database (defaults to the demo switch).</summary>
    public bool? SeedDemo { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryFindZone(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (an IANA id such as Europe/London)", [nameof(TimeZone)]);
        }

        if (!PublicBaseUrl.IsAbsoluteUri || PublicBaseUrl.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("is an absolute http(s) address", [nameof(PublicBaseUrl)]);
        }

        if (RetryCap < RetryBase)
        {
            yield return new ValidationResult("is at least RetryBase", [nameof(RetryCap)]);
        }
    }

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}

/// <summary><c>CrisisComms:OnCall:Smtp</c>: how handover summaries and page emails leave.</summary>
internal sealed class SmtpSettings
{
    /// <summary>Empty: email contact methods are refused (recorded as failed deliveries).</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>StartTls, SslOnConnect, None, Auto.</summary>
    public string Security { get; set; } = "StartTls";

    public string From { get; set; } = "oncall@crisiscomms.invalid";

    public string FromName { get; set; } = "CrisisComms on-call";

    public string? Username { get; set; }

    public string? Password { get; set; }
}
