using System.Net;
using HaAppliance.Hosting.Tests.Reload;
using HaAppliance.Plugins.Webhook;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Hosting.Tests.Reload;

/// <summary>
/// The daemon's reload with real plugins (in-process), the real engine on an in-memory LAN and the real notifier
/// pipeline: one plan drives engine, checks and notifiers, and a reload that cannot be applied changes nothing.
/// </summary>
[NonParallelizable]
public sealed class DaemonReloadTests
{
    private string _dir = "";
    private string _counter = "";
    private Daemon? _daemon;
    private Task<int>? _run;

    private string ConfigPath => Path.Combine(_dir, "daemon.yaml");

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("ha-reload-").FullName;
        _counter = Guid.NewGuid().ToString("N");
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_daemon is not null)
        {
            await _daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(await _run!.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
            _run.Dispose();
            await _daemon.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// One instance tracking a <c>counting</c> check of weight 0 (failing means Fault); optional notifier section,
    /// check settings, further checks (<paramref name="moreChecks"/>, tracked too) and priority.
    /// </summary>
    private string Config(
        string checkSettings = "counter: {0}",
        string notifiers = "",
        string instanceNotifiers = "",
        string checkTiming = "interval: 50ms\n    weight: 0",
        string moreChecks = "",
        int priority = 100) => $$"""
        global:
          vip_backend: memory
        checks:
          chk_count:
            type: counting
            {{string.Format(System.Globalization.CultureInfo.InvariantCulture, checkSettings, _counter)}}
            {{checkTiming}}
          {{moreChecks}}
        {{notifiers}}
        instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            version: 3
            priority: {{priority}}
            advert_int: 100ms
            virtual_ipaddress: [192.0.2.100/24]
            track_script: [chk_count{{(moreChecks.Length == 0 ? "" : ", chk_other")}}]
            {{instanceNotifiers}}
        """;

    private async Task StartAsync(string yaml)
    {
        await File.WriteAllTextAsync(ConfigPath, yaml);
        await StartWithoutWaitingAsync();
        await WaitForAsync(() => Runs >= 2, "the check runs");
    }

    private async Task StartWithoutWaitingAsync()
    {
        var errors = new StringWriter();
        var options = new DaemonOptions
        {
            ConfigPath = ConfigPath,
            StateDir = Path.Combine(_dir, "state"),
            ControlSocket = Path.Combine(_dir, "haapp.sock"),
        };
        _daemon = Daemon.Create(options, NullLoggerFactory.Instance, errors, catalog =>
        {
            catalog.AddAssembly(typeof(ReloadTestPlugin).Assembly);
            catalog.AddAssembly(typeof(WebhookPlugin).Assembly);
        });
        Assert.That(_daemon, Is.Not.Null, errors.ToString());
        _daemon!.Interfaces = new OneInterface();
        _daemon.Transport = new InMemoryTransportHub().Connect("lb1");
        _daemon.Announcer = NullVipAnnouncer.Instance;
        _run = _daemon.RunAsync(CancellationToken.None);
    }

    private int Runs => ReloadTestPlugin.Runs.GetValueOrDefault(_counter);

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True, what);
    }

    private async Task<RouterState> StateAsync() => (await _daemon!.Engine!.StatusAsync()).Single().State;

    [Test]
    public async Task Reload_UnknownPluginSetting_RefusedWithLocationAndOldCheckKeepsReporting()
    {
        await StartAsync(Config());

        // "countr" is not a setting of the counting check: only binding the plugin's options finds that.
        await File.WriteAllTextAsync(ConfigPath, Config(checkSettings: "countr: {0}"));
        var (ok, lines) = await _daemon!.ReloadAsync();

        Assert.That(ok, Is.False);
        Assert.That(lines, Has.Some.Match(@"daemon\.yaml:\d+:\d+").And.Some.Contains("countr"), string.Join("\n", lines));
        var runs = Runs;
        await WaitForAsync(() => Runs >= runs + 3, "the running check goes on after the refused reload");

        // Its results still reach the instance: failing (weight 0) still means Fault.
        ReloadTestPlugin.Healthy[_counter] = false;
        for (var i = 0; i < 200 && await StateAsync() != RouterState.Fault; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(await StateAsync(), Is.EqualTo(RouterState.Fault));
    }

    [Test]
    public async Task Reload_AddsWebhookNotifier_NextStateChangeIsDeliveredToIt()
    {
        await using var receiver = new HttpReceiver();
        await StartAsync(Config());
        for (var i = 0; i < 200 && await StateAsync() != RouterState.Master; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(await StateAsync(), Is.EqualTo(RouterState.Master));

        await File.WriteAllTextAsync(ConfigPath, Config(
            notifiers: $"notifiers:\n  hook:\n    type: webhook\n    url: {receiver.Url}",
            instanceNotifiers: "notifiers: [hook]"));
        var (ok, lines) = await _daemon!.ReloadAsync();
        Assert.That(ok, Is.True, string.Join("\n", lines));
        Assert.That(lines[0], Does.Contain("notifiers hook added"));

        ReloadTestPlugin.Healthy[_counter] = false; // weight 0: Fault, a state change for the new notifier
        await WaitForAsync(() => receiver.Bodies.Any(b => b.Contains("FAULT", StringComparison.Ordinal)), "the webhook received the FAULT transition");
    }

    [Test]
    public async Task Reload_CheckSettingChanged_OnlyThatCheckRestartsAndReportsToTheInstance()
    {
        await StartAsync(Config());
        var other = Guid.NewGuid().ToString("N");

        await File.WriteAllTextAsync(ConfigPath, Config(checkSettings: "counter: " + other));
        var (ok, lines) = await _daemon!.ReloadAsync();

        Assert.That(ok, Is.True, string.Join("\n", lines));
        Assert.That(lines[0], Does.Contain("checks (re)started: chk_count"));
        await WaitForAsync(() => ReloadTestPlugin.Runs.GetValueOrDefault(other) >= 2, "the new check runs");
        var oldRuns = Runs;
        await Task.Delay(300);
        Assert.That(Runs, Is.EqualTo(oldRuns), "the old check stopped");
    }

    [Test]
    public async Task Reload_OtherCheckChanged_FailingCheckKeepsLoweringThePriority()
    {
        var other = Guid.NewGuid().ToString("N");
        string Yaml(string otherInterval) => Config(
            checkTiming: "interval: 30s\n    weight: -30",
            moreChecks: $"chk_other:\n    type: counting\n    counter: {other}\n    interval: {otherInterval}\n    weight: -5");
        ReloadTestPlugin.Healthy[_counter] = false; // chk_count (nginx, say) is down from the start
        await File.WriteAllTextAsync(ConfigPath, Yaml("1s"));
        await StartWithoutWaitingAsync();
        for (var i = 0; i < 600 && await PriorityAsync() != 70; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(await PriorityAsync(), Is.EqualTo(70), "the failing check lowers the priority");

        await File.WriteAllTextAsync(ConfigPath, Yaml("2s"));
        var (ok, lines) = await _daemon!.ReloadAsync();

        Assert.That(ok, Is.True, string.Join("\n", lines));
        Assert.That(lines, Has.Some.Contains("checks (re)started: chk_other"));
        // The next run of chk_count is 30 s away: only the kept result can hold the priority down now.
        Assert.That(await PriorityAsync(), Is.EqualTo(70), "the unchanged failing check keeps its result across the reload");
        await Task.Delay(300);
        Assert.That(await PriorityAsync(), Is.EqualTo(70));
    }

    [Test]
    public async Task Start_OwnerWithInitFailFaultCheck_NeverBecomesMaster()
    {
        // The start-up half of the same rule: initial check states reach the loop before any instance starts.
        ReloadTestPlugin.Healthy[_counter] = false;
        await File.WriteAllTextAsync(ConfigPath, Config(checkTiming: "interval: 30s\n    weight: 0\n    init: fail", priority: 255));
        await StartWithoutWaitingAsync();
        await WaitForAsync(() => Runs >= 1, "the check ran");
        await Task.Delay(300);

        var status = (await _daemon!.Engine!.StatusAsync()).Single();
        Assert.That(status.State, Is.EqualTo(RouterState.Fault));
        Assert.That(status.BecameMaster, Is.Zero, "the owner never took its VIPs only to drop them");
        Assert.That(status.AdvertsSent, Is.Zero);
    }

    private async Task<int> PriorityAsync() => (await _daemon!.Engine!.StatusAsync()).Single().EffectivePriority;

    private sealed class OneInterface : IInterfaceResolver
    {
        public bool TryResolve(string name, IpFamily family, out int ifIndex, out IPAddress? primary)
        {
            ifIndex = 2;
            primary = IPAddress.Parse("192.0.2.1");
            return name == "eth0";
        }
    }
}
