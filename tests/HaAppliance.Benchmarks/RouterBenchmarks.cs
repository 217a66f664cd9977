using System.Net;
using BenchmarkDotNet.Attributes;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;

namespace HaAppliance.Benchmarks;

/// <summary>Simulated router events per second: what one event loop can sustain.</summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private const int Events = 1000;
    private readonly RouterSteppingClock _clock = new();
    private VirtualRouter _backup = null!;
    private VirtualRouter _master = null!;
    private RouterEvent.AdvertReceived _advert = null!;
    private readonly RouterEvent.TimerFired _timer = new();

    [GlobalSetup]
    public void Setup()
    {
        _backup = new VirtualRouter(Options("backup", "192.0.2.2", 100), _clock);
        _backup.Handle(new RouterEvent.Startup());
        _advert = new RouterEvent.AdvertReceived(new Advertisement(VrrpVersion.V3, 51, 200, 100, IPAddress.Parse("192.0.2.1"), [IPAddress.Parse("192.0.2.100")]));

        _master = new VirtualRouter(Options("master", "192.0.2.1", 255), _clock);
        _master.Handle(new RouterEvent.Startup());
    }

    /// <summary>A Backup accepting its Master's adverts (reset Master_Down_Timer): the steady-state hot path.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int BackupConsumesAdvert()
    {
        var n = 0;
        for (var i = 0; i < Events; i++)
        {
            _clock.Step(TimeSpan.FromSeconds(1));
            n += _backup.Handle(_advert).Count;
        }

        return n;
    }

    /// <summary>A Master whose Adver_Timer fires: one SendAdvert per event.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int MasterHandlesTimer()
    {
        var n = 0;
        for (var i = 0; i < Events; i++)
        {
            _clock.Step(TimeSpan.FromSeconds(1));
            n += _master.Handle(_timer).Count;
        }

        return n;
    }

    /// <summary>A whole two-router election on the simulated LAN, 60 simulated seconds (about a hundred router events).</summary>
    [Benchmark]
    public int LanTwoRoutersOneMinute()
    {
        var clock = new RouterSteppingClock();
        using var lan = new SimulatedLan(clock, 1);
        lan.Add(Options("lb1", "192.0.2.1", 101));
        lan.Add(Options("lb2", "192.0.2.2", 100));
        lan.StartAll();
        lan.RunFor(TimeSpan.FromSeconds(60), clock.SetUtcNow);
        return lan.Timeline.Count;
    }

    private static RouterOptions Options(string name, string address, byte priority) => new()
    {
        Name = name,
        Vrid = 51,
        Priority = priority,
        PrimaryAddress = IPAddress.Parse(address),
        VirtualAddresses = [IPAddress.Parse("192.0.2.100")],
    };
}
