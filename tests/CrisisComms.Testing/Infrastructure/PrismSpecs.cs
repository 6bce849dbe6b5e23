using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CrisisComms.Testing.Hosts;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>The OpenAPI files Prism mocks, read in place from <c>../shared/specs</c> (see its README for their sources).</summary>
public static class PrismSpecs
{
    private static readonly Lazy<string> OpsgenieWithJsonBodies = new(DeriveOpsgenie);

    /// <summary>X API v2 with <c>UserToken</c> as an apiKey <c>Authorization</c> header, so OAuth 1.0a headers pass
    /// (Prism only checks that the header is there, never the signature).</summary>
    public static string XOAuth1 => RepositoryRoot.Shared("specs", "x", "x-api-v2-openapi.prism-overlay.json");

    /// <summary>X API v2 as published: bearer and OAuth 2.0 user tokens; an <c>Authorization: OAuth …</c> header gets 401 here.</summary>
    public static string X => RepositoryRoot.Shared("specs", "x", "x-api-v2-openapi.json");

    /// <summary>Twilio API 2010-04-01 (Messages at <c>/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, form bodies, Basic auth).</summary>
    public static string Twilio => RepositoryRoot.Shared("specs", "twilio", "twilio_api_v2010.json");

    /// <summary>PagerDuty Events API v2 (<c>/enqueue</c>, <c>/change/enqueue</c>; no auth, the routing key is in the body).</summary>
    public static string PagerDutyEvents => RepositoryRoot.Shared("specs", "pagerduty", "events-v2-openapiv3.json");

    /// <summary>Opsgenie's Swagger 2.0 file exactly as published. It declares no <c>consumes</c>, so Prism refuses every
    /// JSON body with "No supported content types" (422): mock <see cref="Opsgenie"/> instead.</summary>
    public static string OpsgenieAsPublished => RepositoryRoot.Shared("specs", "opsgenie", "swagger.json");

    /// <summary>
    /// Opsgenie REST API 2.0 with one change: top-level <c>"consumes": ["application/json"]</c> (what the API takes;
    /// the published file only says <c>produces</c>). Derived at test time into the temp folder, named by the
    /// source's hash; the shared file is never changed.
    /// </summary>
    public static string Opsgenie => OpsgenieWithJsonBodies.Value;

    private static string DeriveOpsgenie()
    {
        var source = File.ReadAllBytes(OpsgenieAsPublished);
        var hash = Convert.ToHexStringLower(SHA256.HashData(source))[..16];
        var path = Path.Combine(Path.GetTempPath(), "crisiscomms-prism-specs", $"opsgenie-swagger.consumes-json.{hash}.json");
        if (File.Exists(path))
        {
            return path;
        }

        var spec = JsonNode.Parse(source)!.AsObject();
        spec["consumes"] = new JsonArray("application/json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(partial, spec.ToJsonString());
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
