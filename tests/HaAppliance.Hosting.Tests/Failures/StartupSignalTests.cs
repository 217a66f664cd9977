using System.Net;
using HaAppliance.Hosting.Tests.Reload;
using HaAppliance.Vrrp;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting.Tests.Failures;

/// <summary>
/// SIGTERM and SIGHUP that reach the daemon after it was created but before its engine exists (or before start-up
/// is complete) are kept: a stop ends the run cleanly, a reload runs once started.
/// </summary>
[NonParallelizable]
public sealed class StartupSignalTests
{
    private TempFolder _dir = null!;
    private readonly ListLogger _log = new();

    [SetUp]
    public void SetUp() => _dir = new TempFolder("ha-signals-");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private const string Config = """
        global:
          vip_backend: memory
        instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            priority: 100
            advert_int: 1
            virtual_ipaddress: [192.0.2.100/24]
        """;

    private async Task<Daemon> CreateAsync()
    {
        var config = Path.Combine(_dir.Path, "daemon.yaml");
        await File.WriteAllTextAsync(config, Config);
        var errors = new StringWriter();
        var options = new DaemonOptions
        {
            ConfigPath = config,
            StateDir = Path.Combine(_dir.Path, "state"),
            ControlSocket = Path.Combine(_dir.Path, "haapp.sock"),
        };
        var daemon = Daemon.Create(options, new OneLoggerFactory(_log), errors, c => c.AddAssembly(typeof(ReloadTestPlugin).Assembly));
        Assert.That(daemon, Is.Not.Null, errors.ToString());
        daemon!.Interfaces = new Eth0();
        daemon.Transport = new InMemoryTransportHub().Connect("lb1");
        daemon.Announcer = NullVipAnnouncer.Instance;
        return daemon;
    }

    [Test]
    public async Task StopBeforeTheEngineExists_RunEndsCleanly()
    {
        await using var daemon = await CreateAsync();

        await daemon.StopAsync();
        var run = daemon.RunAsync(CancellationToken.None);

        Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero, "the stop that came during start-up ends the run");
    }

    [Test]
    public async Task ReloadBeforeStartupComplete_IsQueuedAndRunsOnceStarted()
    {
        await using var daemon = await CreateAsync();

        var (ok, lines) = await daemon.ReloadAsync();
        Assert.That(ok, Is.True);
        Assert.That(lines, Has.Some.Contains("queued"), string.Join("\n", lines));

        // The queued reload runs once started (and finds nothing to change).
        var run = daemon.RunAsync(CancellationToken.None);
        try
        {
            await Eventually.UntilAsync(() => _log.Messages.Any(m => m.StartsWith("Reload complete", StringComparison.Ordinal)), "the queued reload runs after start");
            Assert.That(_log.Messages, Has.None.Contains("reload failed"));
        }
        finally
        {
            await daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
        }
    }

    private sealed class Eth0 : IInterfaceResolver
    {
        public bool TryResolve(string name, IpFamily family, out int ifIndex, out IPAddress? primary)
        {
            ifIndex = 2;
            primary = IPAddress.Parse("192.0.2.1");
            return name == "eth0";
        }
    }

    private sealed class OneLoggerFactory(ILogger log) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => log;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
