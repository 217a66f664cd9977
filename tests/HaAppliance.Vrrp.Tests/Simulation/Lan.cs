using System.Net;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>Test helpers: options for a router at 192.0.2.N and queries over a LAN's timeline.</summary>
internal static class Lan
{
    public static readonly TimeSpan Link = LinkProperties.Default.Delay;

    public static RouterOptions Options(string name, int host, byte priority, int intervalCs = 100, VrrpVersion version = VrrpVersion.V3) => new()
    {
        Name = name,
        Vrid = 51,
        Version = version,
        Priority = priority,
        AdvertIntervalCentiseconds = intervalCs,
        PrimaryAddress = IPAddress.Parse($"192.0.2.{host}"),
        VirtualAddresses = [IPAddress.Parse("192.0.2.100")],
    };

    public static (FakeTimeProvider Time, SimulatedLan Lan) Create(int seed = 1)
    {
        var time = new FakeTimeProvider();
        return (time, new SimulatedLan(time, seed));
    }

    /// <summary>Elapsed times at which <paramref name="router"/> entered <paramref name="state"/>.</summary>
    public static TimeSpan[] Entered(this SimulatedLan lan, string router, RouterState state) =>
        lan.Timeline.Where(e => e.Router == router && e.Action is RouterAction.StateChanged s && s.To == state)
            .Select(e => e.Elapsed).ToArray();

    /// <summary>The adverts <paramref name="router"/> sent, with their times.</summary>
    public static (TimeSpan Elapsed, RouterAction.SendAdvert Advert)[] Adverts(this SimulatedLan lan, string router) =>
        lan.Timeline.Where(e => e.Router == router && e.Action is RouterAction.SendAdvert)
            .Select(e => (e.Elapsed, (RouterAction.SendAdvert)e.Action)).ToArray();

    /// <summary>Runs the LAN on its fake clock, stopping at each event so every event sees its exact time.</summary>
    public static void Run(this FakeTimeProvider time, SimulatedLan lan, TimeSpan duration) => lan.RunFor(duration, time.SetUtcNow);

    public static TimeSpan Mdi(int priority, int intervalCs = 100, VrrpVersion version = VrrpVersion.V3) =>
        VrrpTimers.MasterDownInterval(version, priority, intervalCs);

    public static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);
}
