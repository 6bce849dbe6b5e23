using System.Text.Json;
using Microsoft.Playwright;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>
/// Runs axe-core (from npm, installed into .tools/web by test.sh; CRISISCOMMS_AXE names another copy)
/// inside the page and returns the serious and critical violations, one line each.
/// </summary>
internal static class Axe
{
    private const string NpmPath = ".tools/web/node_modules/axe-core/axe.min.js";
    private static readonly Lazy<string> Source = new(Load);

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // The pages' CSP forbids inline script; evaluating through the DevTools protocol is not page script.
        await page.EvaluateAsync(Source.Value);
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static string Load()
    {
        var configured = Environment.GetEnvironmentVariable("CRISISCOMMS_AXE");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? File.ReadAllText(configured) : throw new InvalidOperationException($"CRISISCOMMS_AXE: '{configured}' does not exist");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, NpmPath);
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }

        throw new InvalidOperationException($"axe-core is not installed: run ./test.sh (or npm install --prefix .tools/web axe-core) so {NpmPath} exists");
    }
}
