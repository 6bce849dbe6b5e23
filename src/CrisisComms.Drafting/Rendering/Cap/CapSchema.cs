using System.Xml;
using System.Xml.Schema;

namespace CrisisComms.Drafting.Rendering.Cap;

/// <summary>
/// Validates a document against the CAP 1.2 XSD. The XSD is handed in, never embedded: OASIS's file is
/// kept outside this repository, and production relies on <see cref="CapWriter"/> writing valid documents.
/// </summary>
internal sealed class CapSchema
{
    private readonly XmlSchemaSet schemas;

    public CapSchema(XmlSchemaSet schemas)
    {
        schemas.Compile();
        this.schemas = schemas;
    }

    public static CapSchema Load(string xsdPath)
    {
        var schemas = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(xsdPath, new XmlReaderSettings { XmlResolver = null });
        schemas.Add(CapWriter.Namespace, reader);
        return new CapSchema(schemas);
    }

    /// <summary>Every problem found, as "line:position message"; empty when the document is valid.</summary>
    public IReadOnlyList<string> Validate(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = schemas,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                errors.Add(At(e.Exception.LineNumber, e.Exception.LinePosition) + e.Message);
            }
        };

        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            reader.MoveToContent();

            // An element the schema does not declare is no error (a warning at most), so a document that is not
            // a CAP 1.2 alert at all (another root, or CAP 1.1's namespace) would otherwise pass.
            if (reader.LocalName != "alert" || reader.NamespaceURI != CapWriter.Namespace)
            {
                errors.Add($"The root element is {{{reader.NamespaceURI}}}{reader.LocalName}, not {{{CapWriter.Namespace}}}alert.");
                return errors;
            }

            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            errors.Add(At(e.LineNumber, e.LinePosition) + e.Message);
        }

        return errors;
    }

    private static string At(int line, int position) => line > 0 ? $"{line}:{position} " : "";
}
