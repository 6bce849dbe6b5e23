using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using CrisisComms.OnCall.Rotas;
using CrisisComms.Platform.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Demo;

/// <summary>
/// The embedded demo's on-call set-up, made once on an empty database: the demo users as people (sandbox
/// contact methods, so pages are recorded and can be acknowledged by their signed links), a rota with a
/// weekly duty officer and a daily back-up handing over at 09:00 local, a "Heads of comms" group, and
/// two policies routed to the triggers — so `dotnet run` shows a rota and an escalation working.
/// </summary>
internal sealed partial class OnCallSeeder(
    IServiceScopeFactory scopes,
    PlatformSettings settings,
    IConfiguration configuration,
    IOptions<OnCallOptions> options,
    TimeProvider time,
    ILogger<OnCallSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = configuration.GetValue<bool?>("CrisisComms:Demo:Enabled") ?? true;
        if (!(options.Value.SeedDemo ?? (settings.IsEmbedded && settings.RunsAll && demo)))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnCallDbContext>();
        if (await db.People.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var zone = scope.ServiceProvider.GetRequiredService<RotaDirectory>().OrganisationZone;
        var today = DateOnly.FromDateTime(RotaMath.ToLocal(now, zone));
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));

        Person Make(string name, string email) => new()
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Email = email,
            CreatedAt = now,
            UpdatedAt = now,
            ContactMethods = [new ContactMethod { Id = Guid.CreateVersion7(), Kind = ContactKinds.Sandbox, Position = 0 }],
        };

        var olu = Make("Olu Officer", "officer@demo.crisiscomms");
        var alex = Make("Alex Approver", "approver@demo.crisiscomms");
        var ada = Make("Ada Admin", "admin@demo.crisiscomms");
        foreach (var p in new[] { olu, alex, ada })
        {
            p.ContactMethods[0].PersonId = p.Id;
        }

        db.People.AddRange(olu, alex, ada);
        var heads = new PagingGroup { Id = Guid.CreateVersion7(), Name = "Heads of comms", Members = [ada.Id], UpdatedAt = now };
        db.Groups.Add(heads);
        var rota = new Rota
        {
            Id = Guid.CreateVersion7(),
            Name = "Comms duty rota",
            CreatedAt = now,
            UpdatedAt = now,
        };
        rota.Layers =
        [
            new RotaLayer { Id = Guid.CreateVersion7(), RotaId = rota.Id, Position = 0, Name = "Duty officer", RotationDays = 7, StartDate = monday, HandoverTime = new TimeOnly(9, 0), Members = [olu.Id, alex.Id] },
            new RotaLayer { Id = Guid.CreateVersion7(), RotaId = rota.Id, Position = 1, Name = "Back-up", RotationDays = 1, StartDate = monday, HandoverTime = new TimeOnly(9, 0), Members = [alex.Id, ada.Id, olu.Id] },
        ];
        db.Rotas.Add(rota);

        var standard = new EscalationPolicy
        {
            Id = Guid.CreateVersion7(),
            Name = "Standard: duty officer, back-up, heads of comms",
            RepeatTimes = 1,
            UpdatedAt = now,
            Levels =
            [
                new EscalationLevel { TimeoutSeconds = 300, Targets = [new EscalationTarget { Kind = TargetKinds.Rota, Id = rota.Id, Layer = 0 }] },
                new EscalationLevel { TimeoutSeconds = 300, Targets = [new EscalationTarget { Kind = TargetKinds.Rota, Id = rota.Id, Layer = 1 }] },
                new EscalationLevel { TimeoutSeconds = 600, Targets = [new EscalationTarget { Kind = TargetKinds.Group, Id = heads.Id }] },
            ],
        };
        var lifeSafety = new EscalationPolicy
        {
            Id = Guid.CreateVersion7(),
            Name = "Life safety: duty officer and back-up at once",
            RepeatTimes = 2,
            UpdatedAt = now,
            Levels =
            [
                new EscalationLevel { TimeoutSeconds = 120, Targets = [new EscalationTarget { Kind = TargetKinds.Rota, Id = rota.Id, Layer = 0 }, new EscalationTarget { Kind = TargetKinds.Rota, Id = rota.Id, Layer = 1 }] },
                new EscalationLevel { TimeoutSeconds = 180, Targets = [new EscalationTarget { Kind = TargetKinds.Group, Id = heads.Id }] },
            ],
        };
        db.Policies.AddRange(standard, lifeSafety);
        db.Routes.AddRange(
            new TriggerRoute { Trigger = Triggers.Default, PolicyId = standard.Id, UpdatedAt = now },
            new TriggerRoute { Trigger = Triggers.LifeSafety, PolicyId = lifeSafety.Id, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(rota.Name, zone.Id);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "On-call demo: rota '{Rota}' ({Zone}), three people on the sandbox, two policies")]
    private partial void LogSeeded(string rota, string zone);
}
