using System.Net;
using HaAppliance.Hosting.Tests.Reload;
using HaAppliance.Plugins.Webhook;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Hosting.Tests.Status;

/// <summary>
/// A real <see cref="Daemon"/> in process (as in <see cref="DaemonReloadTests"/>): real plugins, the real engine on an
/// in-memory LAN, the real control socket; two instances in one sync group, VI_1 tracking a <c>counting</c> check.
/// </summary>
internal sealed class DaemonFixture(InMemoryTransportHub? lan = null, string node = "lb1", string address = "192.0.2.1") : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ha-status-").FullName;
    private Task<int>? _run;

    public string Counter { get; } = Guid.NewGuid().ToString("N");

    public Daemon Daemon { get; private set; } = null!;

    public string ConfigPath => Path.Combine(_dir, "daemon.yaml");

    public string ControlSocket => Path.Combine(_dir, "haapp.sock");

    public string Dir => _dir;

    public string Config(string global = "", string notifiers = "", string instanceNotifiers = "") => $$"""
        global:
          vip_backend: memory
          {{global}}
        checks:
          chk_count:
            type: counting
            counter: {{Counter}}
            interval: 50ms
            weight: 0
        {{notifiers}}
        instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            version: 3
            priority: 100
            advert_int: 100ms
            virtual_ipaddress: [192.0.2.100/24]
            track_script: [chk_count]
            {{instanceNotifiers}}
          VI_2:
            interface: eth0
            virtual_router_id: 52
            version: 2
            priority: 90
            advert_int: 1
            virtual_ipaddress: [192.0.2.101/24]
        sync_groups:
          G1:
            group: [VI_1, VI_2]
        """;

    public async Task StartAsync(string yaml, DaemonOptions? overrides = null, Func<string, string?>? environment = null)
    {
        await File.WriteAllTextAsync(ConfigPath, yaml);
        var errors = new StringWriter();
        var options = (overrides ?? new DaemonOptions { ConfigPath = "" }) with
        {
            ConfigPath = ConfigPath,
            StateDir = Path.Combine(_dir, "state"),
            ControlSocket = ControlSocket,
        };
        Daemon = Daemon.Create(options, NullLoggerFactory.Instance, errors, catalog =>
        {
            catalog.AddAssembly(typeof(ReloadTestPlugin).Assembly);
            catalog.AddAssembly(typeof(WebhookPlugin).Assembly);
        })!;
        Assert.That(Daemon, Is.Not.Null, errors.ToString());
        Daemon.Interfaces = new OneInterface(IPAddress.Parse(address));
        Daemon.Transport = (lan ?? new InMemoryTransportHub()).Connect(node);
        Daemon.Announcer = NullVipAnnouncer.Instance;
        Daemon.GetEnvironment = environment ?? (_ => null);
        _run = Daemon.RunAsync(CancellationToken.None);
        await WaitForAsync(() => File.Exists(ControlSocket), "the control socket is up");
    }

    public async Task<IReadOnlyList<InstanceStatus>> StatusAsync() => await Daemon.Engine!.StatusAsync();

    /// <summary>Waits until every instance is Master (alone on the LAN, they all become Master).</summary>
    public async Task WaitForMastersAsync()
    {
        for (var i = 0; i < 200 && (await StatusAsync()).Any(s => s.State != RouterState.Master); i++)
        {
            await Task.Delay(50);
        }

        Assert.That((await StatusAsync()).Select(s => s.State), Is.All.EqualTo(RouterState.Master));
    }

    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.That(condition(), Is.True, what);
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is not null)
        {
            await Daemon.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.That(await _run.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
            _run.Dispose();
            await Daemon.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private sealed class OneInterface(IPAddress address) : IInterfaceResolver
    {
        public bool TryResolve(string name, IpFamily family, out int ifIndex, out IPAddress? primary)
        {
            ifIndex = 2;
            primary = address;
            return name == "eth0";
        }
    }
}
