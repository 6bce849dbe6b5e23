using CrisisComms.Drafting.Rendering.Cap;
using CrisisComms.Testing.Hosts;

namespace CrisisComms.Drafting.Tests.Cap;

/// <summary>The OASIS CAP 1.2 XSD and examples, read in place from ../shared/specs/cap.</summary>
internal static class CapSpecs
{
    public const string InvalidExample = "google-invalid.cap";

    public static string XsdPath => RepositoryRoot.Shared("specs", "cap", "CAP-v1.2.xsd");

    public static string ExamplesDirectory => RepositoryRoot.Shared("specs", "cap", "examples");

    public static CapSchema LoadSchema() => CapSchema.Load(XsdPath);
}
