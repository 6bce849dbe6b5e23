using CrisisComms.Platform.Hosting;
using CrisisComms.Server;

// One binary: every service in one process on embedded infrastructure (the default), or the
// services named by --services on RabbitMQ, PostgreSQL and Redis. See docs/adr/0001.
return await StartupGuard.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    var app = builder.AddPlatform(args).AddServices().Build();
    await StartupGuard.RunHostAsync(app);
});
