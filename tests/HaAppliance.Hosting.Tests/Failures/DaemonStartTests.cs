using System.Net;
using HaAppliance.Hosting.Tests.Reload;
using HaAppliance.Vrrp;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Hosting.Tests.Failures;

/// <summary>
/// Start-up: SIGTERM and SIGHUP that reach the daemon after it was created but before its engine exists (or before
/// start-up is complete) are kept: a stop ends the run cleanly, a reload runs once started. One daemon per state
/// folder and per control socket: a second one refuses to start, naming what is in use.
/// </summary>
[NonParallelizable]
public sealed class DaemonStartTests
{
    private TempFolder _dir = null!;
    private ListLogger _log = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempFolder("ha-start-");
        _log = new ListLogger();
    }

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

    private async Task<Daemon> CreateAsync(string state = "state", string socket = "haapp.sock", string yaml = Config)
    {
        var config = Path.Combine(_dir.Path, "daemon.yaml");
        await File.WriteAllTextAsync(config, yaml);
        var errors = new StringWriter();
        var options = new DaemonOptions
        {
            ConfigPath = config,
            StateDir = Path.Combine(_dir.Path, state),
            ControlSocket = Path.Combine(_dir.Path, socket),
        };
        var daemon = Daemon.Create(options, new OneLoggerFactory(_log), errors, c =>
        {
            c.AddAssembly(typeof(ReloadTestPlugin).Assembly);
            c.AddAssembly(typeof(HaAppliance.Plugins.Webhook.WebhookPlugin).Assembly);
        });
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

    [TestCase("state", "second.sock", "state folder", TestName = "SecondDaemon_SameStateFolder_RefusesNamingFolderAndPid")]
    [TestCase("state2", "haapp.sock", "control socket", TestName = "SecondDaemon_SameControlSocket_RefusesNamingTheSocket")]
    public async Task SecondDaemon_InUse_RefusesAndLeavesTheFirstAlone(string state, string socket, string named)
    {
        await using var first = await CreateAsync();
        var running = first.RunAsync(CancellationToken.None);
        try
        {
            var control = Path.Combine(_dir.Path, "haapp.sock");
            await Eventually.UntilAsync(() => File.Exists(control), "the first daemon's control socket");
            await using var second = await CreateAsync(state, socket);

            var exit = await second.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(exit, Is.EqualTo(1));
            var refusal = _log.Messages.Where(m => m.Contains("in use", StringComparison.Ordinal) || m.Contains("served by another", StringComparison.Ordinal)).ToList();
            Assert.That(refusal, Has.Count.EqualTo(1).And.Some.Contains(named), string.Join("\n", _log.Messages));
            if (named == "state folder")
            {
                Assert.That(refusal[0], Does.Contain(Path.Combine(_dir.Path, "state")).And.Contain($"pid {Environment.ProcessId}"));
            }

            Assert.That(File.Exists(control), Is.True, "the first daemon's control socket is still there");
            Assert.That(await HaAppliance.Linux.ControlClient.SendAsync(control, "status"), Does.StartWith("ok"));
        }
        finally
        {
            await first.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(await running.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
        }
    }

    [Test]
    public async Task StateFolderIsAFile_RunFailsWithOneLineNamingIt()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "state"), "not a folder");
        await using var daemon = await CreateAsync();

        var exit = await daemon.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exit, Is.EqualTo(1));
        var errors = _log.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[] { errors.FirstOrDefault().Message }).And.One.Contains(Path.Combine(_dir.Path, "state")));
        Assert.That(errors.Single().Exception, Is.Null, "no stack trace");
    }

    [Test]
    public async Task PluginSettingsThatDoNotBind_RunReportsEveryOneAtItsLineAndNoException()
    {
        var yaml = Config.Replace("instances:", """
            checks:
              chk_a:
                type: counting
                countr: a
            notifiers:
              hook1:
                type: webhook
                url: http://127.0.0.1:1/a
                bogus1: x
              hook2:
                type: webhook
                url: http://127.0.0.1:1/b
                bogus2: y
            instances:
            """, StringComparison.Ordinal) + "\n    track_script: [chk_a]";
        await using var daemon = await CreateAsync(yaml: yaml);

        var exit = await daemon.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exit, Is.EqualTo(1));
        var errors = _log.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message).ToList();
        Assert.Multiple(() =>
        {
            foreach (var key in new[] { "countr", "bogus1", "bogus2" })
            {
                Assert.That(errors, Has.One.Match(@"daemon\.yaml:\d+:\d+: error: .*" + key), string.Join("\n", errors));
            }

            Assert.That(_log.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Exception), Is.All.Null, "no stack trace");
        });
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
