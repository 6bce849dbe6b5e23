using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Triage.Labels;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Queue;
using CrisisComms.Triage.Replies;
using CrisisComms.Triage.Scoring;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage;

/// <summary>The triage service: judges every mention, clusters repeats, queues what needs a human, tracks deadlines, replies.</summary>
public static class TriageExtensions
{
    public static void AddTriage(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSettings<TriageOptions>(TriageOptions.Section);
        platform.AddServiceDbContext<TriageDbContext>(ServiceNames.Triage);
        platform.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<TriageOptions>>().Value;
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("CrisisComms.Triage.Scoring");
            var model = string.IsNullOrWhiteSpace(options.ModelPath) ? TextModel.LoadEmbedded() : TextModel.Load(options.ModelPath);
            TriageLog.ModelLoaded(log, model?.Description ?? "none: rules only", options.ModelPath ?? "built in");
            return new TriageScorer(model, options.ReachThreshold);
        });
        platform.Services.AddSingleton<TriageMetrics>();
        platform.Services.AddHostedService<QueueSweeper>();
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<MentionReceivedConsumer, MentionReceivedConsumerDefinition>();
            bus.AddConsumer<CheckResponseDeadlineConsumer>();
            bus.AddConsumer<ReplySentConsumer>();
            bus.AddConsumer<ReplyFailedConsumer>();
            bus.AddConsumer<PageAcknowledgedConsumer>();
        });
    }

    public static void MapTriage(this WebApplication app)
    {
        app.MapTriageQueue();
        app.MapTriageReplies();
        app.MapTriageLabels();
    }
}

internal static partial class TriageLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Triage text model: {Description} (from {Source})")]
    public static partial void ModelLoaded(ILogger logger, string description, string source);
}
