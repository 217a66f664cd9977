using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Kernel;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>Several engines on one in-memory LAN, driven by one FakeTimeProvider.</summary>
internal sealed class EngineLan : IAsyncDisposable
{
    private readonly List<EngineNode> _nodes = [];
    private readonly CancellationTokenSource _cts = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryTransportHub Hub { get; } = new();

    public DateTimeOffset Start { get; private set; }

    public EngineNode Add(string name, string address, int priority, Action<InstanceConfig>? configure = null) =>
        Add(name, address, TestConfigs.Pair(priority, configure));

    public EngineNode Add(string name, string address, HaConfig config, Func<string, IVipBackend>? backends = null, VrrpEngineOptions? options = null, IVipAnnouncer? announcer = null)
    {
        var node = new EngineNode(this, name, IPAddress.Parse(address), config, backends, options, announcer);
        _nodes.Add(node);
        return node;
    }

    public async Task StartAsync()
    {
        Start = Time.GetUtcNow();
        foreach (var n in _nodes)
        {
            n.Run(_cts.Token);
        }

        await SettleAsync();
    }

    /// <summary>Lets every loop drain what is queued (packets hop from loop to loop).</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            foreach (var n in _nodes.Where(n => n.Running))
            {
                await n.Engine.BarrierAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
    }

    /// <summary>Advances fake time in 10 ms steps, settling the loops after each.</summary>
    public async Task RunForAsync(TimeSpan span)
    {
        var end = Time.GetUtcNow() + span;
        while (Time.GetUtcNow() < end)
        {
            Time.Advance(TimeSpan.FromMilliseconds(10));
            await SettleAsync();
        }
    }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        foreach (var n in _nodes)
        {
            await n.DisposeAsync();
        }

        _cts.Dispose();
    }
}

internal sealed class EngineNode : IAsyncDisposable
{
    private readonly EngineLan _lan;
    private Task? _loop;

    public EngineNode(EngineLan lan, string name, IPAddress address, HaConfig config, Func<string, IVipBackend>? backends = null, VrrpEngineOptions? options = null, IVipAnnouncer? announcer = null)
    {
        _lan = lan;
        Name = name;
        Address = address;
        Config = config;
        Resolver = new FixedInterfaceResolver("eth0", 2, address);
        Clock = new SteppableClock(lan.Time);
        Engine = new VrrpEngine(name, lan.Hub.Connect(name), backends ?? (_ => Vips), announcer ?? NullVipAnnouncer.Instance, Sink, Clock, NullLogger.Instance, options);
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public HaConfig Config { get; }

    public FixedInterfaceResolver Resolver { get; }

    public VrrpEngine Engine { get; }

    /// <summary>This node's clock: the LAN's fake time, with a wall clock that can be stepped on its own.</summary>
    public SteppableClock Clock { get; }

    public MemoryVipBackend Vips { get; } = new();

    public RecordingSink Sink { get; } = new();

    public bool Running => _loop is { IsCompleted: false };

    public IReadOnlyList<InstanceSpec> Specs(HaConfig? config = null)
    {
        var (specs, errors) = InstanceSpecBuilder.Build(config ?? Config, Resolver);
        Assert.That(errors, Is.Empty);
        return specs;
    }

    public void Run(CancellationToken token) => _loop = Engine.RunAsync(Specs(), removeStaleVips: true, token);

    public async Task<RouterState> StateAsync() => (await Engine.StatusAsync()).Single().State;

    public async Task<RouterState> StateAsync(string instance) => (await Engine.StatusAsync()).Single(s => s.Name == instance).State;

    public async Task StopAsync()
    {
        await Engine.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Engine.DisposeAsync();
    }
}

internal sealed class FixedInterfaceResolver(string name, int index, IPAddress address) : IInterfaceResolver
{
    public bool TryResolve(string n, IpFamily family, out int ifIndex, out IPAddress? primary)
    {
        ifIndex = index;
        primary = address;
        return n == name;
    }
}

internal static class TestConfigs
{
    /// <summary>The problem's setup: VI_1, vrid 51, VIP 192.0.2.100/24 on eth0, advert 1 s, chk_nginx weight -20.</summary>
    public static HaConfig Pair(int priority, Action<InstanceConfig>? configure = null)
    {
        var config = new HaConfig();
        config.Checks.Add(new CheckConfig { Name = "chk_nginx", Type = "script", Weight = -20 });
        var inst = new InstanceConfig
        {
            Name = "VI_1",
            Interface = "eth0",
            VirtualRouterId = 51,
            Priority = priority,
            Version = 3,
            AdvertInterval = TimeSpan.FromSeconds(1),
        };
        inst.VirtualAddresses.Add(new VipConfig { Address = IPAddress.Parse("192.0.2.100"), PrefixLength = 24 });
        inst.TrackChecks.Add(new TrackRef { Name = "chk_nginx" });
        configure?.Invoke(inst);
        config.Instances.Add(inst);
        return config;
    }

    /// <summary>Two instances (VI_1 vrid 51 tracking chk_link with weight 0, VI_2 vrid 52) in sync group G.</summary>
    public static HaConfig SyncPair(int priority)
    {
        var config = Pair(priority, i => i.TrackChecks[0].Name = "chk_link");
        config.Checks.Add(new CheckConfig { Name = "chk_link", Type = "script", Weight = 0 });
        var second = new InstanceConfig
        {
            Name = "VI_2",
            Interface = "eth0",
            VirtualRouterId = 52,
            Priority = priority,
            Version = 3,
            AdvertInterval = TimeSpan.FromSeconds(1),
        };
        second.VirtualAddresses.Add(new VipConfig { Address = IPAddress.Parse("192.0.2.200"), PrefixLength = 24 });
        config.Instances.Add(second);
        var group = new SyncGroupConfig { Name = "G" };
        group.Instances.AddRange(["VI_1", "VI_2"]);
        config.SyncGroups.Add(group);
        return config;
    }
}
