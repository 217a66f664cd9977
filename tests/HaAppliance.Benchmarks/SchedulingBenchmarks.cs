using System.Net;
using BenchmarkDotNet.Attributes;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Benchmarks;

/// <summary>
/// The event loop's per-advert work for many routers: the deadline heap serving one round of N routers, a Backup
/// decoding its Master's advert from the wire and stepping, a Master's timer step plus encoding its advert.
/// Every figure is per advert (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class SchedulingBenchmarks
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private readonly DeadlineQueue<object> _queue = new();
    private readonly List<object> _due = [];
    private readonly RouterSteppingClock _clock = new();
    private readonly byte[] _buffer = new byte[1500];
    private readonly IPAddress _group = IPAddress.Parse("224.0.0.18");
    private TimeSpan _now;
    private HaAppliance.Kernel.InstanceRuntime _runtime = null!;
    private HaAppliance.Kernel.ReceivedPacket _received = null!;
    private byte[] _wire = [];
    private VirtualRouter _backup = null!;
    private VirtualRouter _master = null!;
    private Advertisement? _encoded;
    private RouterAction.SendAdvert? _encodedFor;

    /// <summary>Routers in the heap: keepalived's 255 per interface, and a large node.</summary>
    [Params(255, 4096)]
    public int Routers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Routers; i++)
        {
            // Spread over one interval, as routers that started at different times are.
            _queue.Set(new object(), Interval * i / Routers);
        }

        _backup = new VirtualRouter(Options("backup", "192.0.2.2", 100), _clock);
        _backup.Handle(new RouterEvent.Startup());
        _master = new VirtualRouter(Options("master", "192.0.2.1", 255), _clock);
        _master.Handle(new RouterEvent.Startup());
        var advert = new Advertisement(VrrpVersion.V3, 51, 200, 1, IPAddress.Parse("192.0.2.1"), [IPAddress.Parse("192.0.2.100")]);
        _wire = _buffer.AsSpan(0, VrrpEncoder.Encode(_buffer, advert, _group)).ToArray();
        var primary = IPAddress.Parse("192.0.2.2");
        var spec = new HaAppliance.Kernel.InstanceSpec
        {
            Name = "backup",
            Router = _backup.Options,
            Endpoint = new HaAppliance.Kernel.TransportEndpoint("eth0", 2, IpFamily.IPv4, primary, [_group], false),
            Vips = [new HaAppliance.Abstractions.VipAddress(IPAddress.Parse("192.0.2.100"), 24, "eth0")],
        };
        _runtime = new HaAppliance.Kernel.InstanceRuntime(spec, _backup);
        _received = new HaAppliance.Kernel.ReceivedPacket(2, IpFamily.IPv4, IPAddress.Parse("192.0.2.1"), _group, 255, _wire);
    }

    /// <summary>One interval: every router comes due once, in deadline order, and is re-armed one interval later.</summary>
    [Benchmark(OperationsPerInvoke = 4096)]
    public int DeadlineQueueServesRound()
    {
        var served = 0;
        for (var round = 0; round < 4096 / Routers; round++)
        {
            _now += Interval;
            _queue.TakeDue(_now, _due);
            foreach (var item in _due)
            {
                _queue.Set(item, _now + Interval);
            }

            served += _due.Count;
        }

        return served;
    }

    /// <summary>
    /// A Backup's steady state as the engine does it: its Master's advert (as the transport delivered it) decoded and
    /// validated with the engine's codec glue, which reuses the event of an unchanged advert, then the router step.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int AdvertDecodeAndRouterStep()
    {
        var n = 0;
        for (var i = 0; i < 1000; i++)
        {
            _clock.Step(Interval);
            if (HaAppliance.Kernel.AdvertWire.TryDecode(_runtime, _received, true, out var received, out _))
            {
                n += _backup.Handle(received!).Count;
            }
        }

        return n;
    }

    /// <summary>A Master's timer step and its advert encoded as the engine does (the advert reused while unchanged).</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public int MasterTimerStepAndEncode()
    {
        var bytes = 0;
        var timer = new RouterEvent.TimerFired();
        for (var i = 0; i < 1000; i++)
        {
            _clock.Step(TimeSpan.FromMilliseconds(10));
            var actions = _master.Handle(timer);
            for (var a = 0; a < actions.Count; a++)
            {
                if (actions[a] is RouterAction.SendAdvert send)
                {
                    if (!ReferenceEquals(send, _encodedFor))
                    {
                        _encodedFor = send;
                        _encoded = new Advertisement(VrrpVersion.V3, 51, send.Priority, send.IntervalCentiseconds, _master.Options.PrimaryAddress, send.Addresses);
                    }

                    bytes += VrrpEncoder.Encode(_buffer, _encoded!, _group);
                }
            }
        }

        return bytes;
    }

    private static RouterOptions Options(string name, string address, byte priority) => new()
    {
        Name = name,
        Vrid = 51,
        Priority = priority,
        AdvertIntervalCentiseconds = 1,
        PrimaryAddress = IPAddress.Parse(address),
        VirtualAddresses = [IPAddress.Parse("192.0.2.100")],
    };
}
