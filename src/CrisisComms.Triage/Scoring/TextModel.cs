using System.Text;

namespace CrisisComms.Triage.Scoring;

/// <summary>
/// One learned yes/no question over <see cref="TextAnalysis"/> features: a logistic regression (trained
/// with ML.NET by the triage lab), its weights and the thresholds chosen on events it was not trained on,
/// one per <see cref="MessageChannel"/> (their base rates differ several-fold).
/// </summary>
internal sealed class ModelHead
{
    public ModelHead(string name, float[] weights, float bias, float threshold)
        : this(name, weights, bias, [threshold, threshold, threshold])
    {
    }

    public ModelHead(string name, float[] weights, float bias, float[] thresholds)
    {
        if (thresholds.Length != ChannelCount)
        {
            throw new ArgumentException($"head '{name}' has {thresholds.Length} thresholds; there are {ChannelCount} channels", nameof(thresholds));
        }

        if (weights.Length != TextAnalysis.Dimension)
        {
            throw new ArgumentException($"head '{name}' has {weights.Length} weights; the features have {TextAnalysis.Dimension}", nameof(weights));
        }

        Name = name;
        Weights = weights;
        Bias = bias;
        Thresholds = thresholds;
    }

    public const int ChannelCount = 3;

    public string Name { get; }

    public float[] Weights { get; }

    public float Bias { get; }

    /// <summary>Probability at or above which the answer is yes, per <see cref="MessageChannel"/>.</summary>
    public IReadOnlyList<float> Thresholds { get; }

    /// <summary>The threshold for a public post.</summary>
    public float Threshold => Thresholds[(int)MessageChannel.Public];

    public float ThresholdFor(MessageChannel channel) => Thresholds[(int)channel];

    public ModelHead WithThresholds(float[] thresholds) => new(Name, Weights, Bias, thresholds);

    /// <summary>Each feature counts once per occurrence (the trainer counts the same way).</summary>
    public float Probability(ReadOnlySpan<int> features)
    {
        var weights = Weights;
        var sum = Bias;
        foreach (var index in features)
        {
            sum += weights[index];
        }

        return 1f / (1f + MathF.Exp(-sum));
    }
}

/// <summary>
/// The learned part of the judgement: does it need a response, is it Critical (a threat to life), is it
/// irrelevant to the incident. Saved as a small binary file (sparse weights), embedded in the service and
/// replaceable by a retrained file (<c>CrisisComms:Triage:ModelPath</c>).
/// </summary>
internal sealed class TextModel
{
    private const string Magic = "CCTRIAGE";
    private const int FormatVersion = 2;

    public TextModel(ModelHead needsResponse, ModelHead critical, ModelHead irrelevant, string description)
    {
        NeedsResponse = needsResponse;
        Critical = critical;
        Irrelevant = irrelevant;
        Description = description;
    }

    public ModelHead NeedsResponse { get; }

    public ModelHead Critical { get; }

    public ModelHead Irrelevant { get; }

    /// <summary>What it was trained on and when, for the logs and the health page.</summary>
    public string Description { get; }

    public const string EmbeddedName = "CrisisComms.Triage.Scoring.triage-model.bin";

    /// <summary>The model shipped inside the service, or null when none was built in.</summary>
    public static TextModel? LoadEmbedded()
    {
        using var stream = typeof(TextModel).Assembly.GetManifestResourceStream(EmbeddedName);
        return stream is null ? null : Load(stream);
    }

    public static TextModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static TextModel Load(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
        if (magic != Magic)
        {
            throw new InvalidDataException("not a triage model file (bad header)");
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"triage model format {version} is not supported (expected {FormatVersion}): retrain it with the triage lab");
        }

        var bits = reader.ReadInt32();
        if (bits != TextAnalysis.Bits)
        {
            throw new InvalidDataException($"triage model has {bits}-bit features; this build uses {TextAnalysis.Bits}: retrain it");
        }

        var description = reader.ReadString();
        return new TextModel(ReadHead(reader), ReadHead(reader), ReadHead(reader), description);
    }

    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(FormatVersion);
        writer.Write(TextAnalysis.Bits);
        writer.Write(Description);
        WriteHead(writer, NeedsResponse);
        WriteHead(writer, Critical);
        WriteHead(writer, Irrelevant);
    }

    private static ModelHead ReadHead(BinaryReader reader)
    {
        var name = reader.ReadString();
        var bias = reader.ReadSingle();
        var thresholds = new float[ModelHead.ChannelCount];
        for (var c = 0; c < thresholds.Length; c++)
        {
            thresholds[c] = reader.ReadSingle();
        }

        var count = reader.ReadInt32();
        if (count < 0 || count > TextAnalysis.Dimension)
        {
            throw new InvalidDataException($"head '{name}' claims {count} weights");
        }

        var weights = new float[TextAnalysis.Dimension];
        for (var i = 0; i < count; i++)
        {
            var index = reader.ReadInt32();
            if ((uint)index >= TextAnalysis.Dimension)
            {
                throw new InvalidDataException($"head '{name}' has a weight at {index}, outside the features");
            }

            weights[index] = reader.ReadSingle();
        }

        return new ModelHead(name, weights, bias, thresholds);
    }

    private static void WriteHead(BinaryWriter writer, ModelHead head)
    {
        writer.Write(head.Name);
        writer.Write(head.Bias);
        foreach (var threshold in head.Thresholds)
        {
            writer.Write(threshold);
        }

        var nonZero = 0;
        foreach (var w in head.Weights)
        {
            if (w != 0f)
            {
                nonZero++;
            }
        }

        writer.Write(nonZero);
        for (var i = 0; i < head.Weights.Length; i++)
        {
            if (head.Weights[i] != 0f)
            {
                writer.Write(i);
                writer.Write(head.Weights[i]);
            }
        }
    }
}
