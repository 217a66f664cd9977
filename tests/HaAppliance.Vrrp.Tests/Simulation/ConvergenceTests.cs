using System.Globalization;
using System.Net;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Vrrp.Tests.Simulation;

/// <summary>
/// Seeded random scenarios: random priorities, intervals, loss, delays, partitions, trackers, restarts, nopreempt,
/// preempt_delay and fast preemption for a while; then the network is healed and trackers frozen. After it has
/// been whole long enough for every Master_Down_Timer to run out, there must be exactly one Master, no preempting
/// Backup may outrank it, and nothing may change any more. A failing seed is printed; replay it with HAAPP_SEED.
/// </summary>
public sealed class ConvergenceTests
{
    private const int Seeds = 500;

    [Test]
    public void RandomScenarios_ManySeeds_ConvergeToOneRightfulMaster()
    {
        var failures = new List<string>();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            if (RunScenario(seed) is { } failure)
            {
                failures.Add($"seed {seed}: {failure}");
            }
        }

        Assert.That(failures, Is.Empty, $"replay one with: HAAPP_SEED=<seed> dotnet test --filter {nameof(RandomScenario_SeedFromEnvironment_Converges)}");
    }

    /// <summary>Replays the seed in HAAPP_SEED (seed 1 when unset), printing the scenario and its timeline.</summary>
    [Test]
    public void RandomScenario_SeedFromEnvironment_Converges()
    {
        var text = Environment.GetEnvironmentVariable("HAAPP_SEED");
        var seed = text is null ? 1 : int.Parse(text, CultureInfo.InvariantCulture);
        var failure = RunScenario(seed, TestContext.Out);
        Assert.That(failure, Is.Null, $"seed {seed}");
    }

    private static string? RunScenario(int seed, TextWriter? log = null)
    {
        var rng = new Random(seed);
        var time = new FakeTimeProvider();
        using var lan = new SimulatedLan(time, seed);
        var version = rng.NextDouble() < 0.2 ? VrrpVersion.V2 : VrrpVersion.V3;
        int[] intervals = version == VrrpVersion.V2 ? [100, 200] : [50, 100, 200];
        var sharedInterval = intervals[rng.Next(intervals.Length)];
        var count = rng.Next(2, 6);
        var names = new List<string>();
        var owner = false;
        for (var i = 0; i < count; i++)
        {
            var priority = rng.NextDouble() < 0.3 ? 100 : rng.NextDouble() < 0.05 ? 255 : rng.Next(1, 255);

            // Two address owners are a misconfiguration that both keep Master (RFC 9568 erratum): one owner at most.
            priority = priority == 255 && owner ? 254 : priority;
            owner |= priority == 255;
            var options = new RouterOptions
            {
                Name = $"r{i}",
                Vrid = 7,
                Version = version,
                Priority = (byte)priority,
                AdvertIntervalCentiseconds = version == VrrpVersion.V2 ? sharedInterval : intervals[rng.Next(intervals.Length)],
                Preempt = rng.NextDouble() >= 0.25,
                PreemptDelay = rng.NextDouble() < 0.15 ? TimeSpan.FromSeconds(rng.Next(1, 6)) : TimeSpan.Zero,
                FastPreempt = rng.NextDouble() < 0.2,
                StartAsMaster = rng.NextDouble() < 0.1,
                PrimaryAddress = IPAddress.Parse($"192.0.2.{rng.Next(1, 255)}"),
                VirtualAddresses = [IPAddress.Parse("192.0.2.100")],
            };
            if (names.Any(n => lan[n].Options.PrimaryAddress.Equals(options.PrimaryAddress)))
            {
                options = options with { PrimaryAddress = IPAddress.Parse($"198.51.100.{i + 1}") };
            }

            lan.Add(options);
            names.Add(options.Name);
            log?.WriteLine($"{options.Name}: {options.PrimaryAddress} prio {priority} v{(int)version} {options.AdvertIntervalCentiseconds} cs preempt {options.Preempt} delay {options.PreemptDelay.TotalSeconds} fast {options.FastPreempt} startMaster {options.StartAsMaster}");
        }

        lan.DefaultLink = new LinkProperties(rng.NextDouble() * 0.3, TimeSpan.FromMilliseconds(rng.Next(0, 20)));
        foreach (var from in names)
        {
            foreach (var to in names.Where(n => n != from && rng.NextDouble() < 0.3))
            {
                lan.SetLink(from, to, new LinkProperties(rng.NextDouble() * 0.6, TimeSpan.FromMilliseconds(rng.Next(0, 50))));
            }
        }

        // Chaos: partitions, tracker flips and restarts at random times.
        lan.StartAll();
        var chaos = TimeSpan.FromSeconds(rng.Next(10, 60));
        var events = rng.Next(0, 30);
        for (var e = 0; e < events; e++)
        {
            var at = TimeSpan.FromMilliseconds(rng.Next(0, (int)chaos.TotalMilliseconds));
            var who = names[rng.Next(names.Count)];
            switch (rng.Next(5))
            {
                case 0:
                    var groups = names.GroupBy(_ => rng.Next(3)).Select(g => (IReadOnlyCollection<string>)g.ToArray()).ToArray();
                    lan.Schedule(at, () => lan.Partition(groups));
                    break;
                case 1:
                    lan.Schedule(at, lan.Heal);
                    break;
                case 2:
                    lan.Schedule(at, who, new RouterEvent.TrackerChanged(TrackerId.Check("weighted"), rng.NextDouble() < 0.5, rng.Next(1, 61) * (rng.Next(2) == 0 ? 1 : -1)));
                    break;
                case 3:
                    lan.Schedule(at, who, new RouterEvent.TrackerChanged(TrackerId.Check("fault"), rng.NextDouble() < 0.6, 0));
                    break;
                default:
                    lan.Schedule(at, who, new RouterEvent.Shutdown());
                    lan.Schedule(at + TimeSpan.FromMilliseconds(rng.Next(0, 5000)), who, new RouterEvent.Startup());
                    break;
            }
        }

        time.Run(lan, chaos + TimeSpan.FromSeconds(5));

        // Make the network whole and the trackers stable; at least r0 is healthy.
        lan.Heal();
        var maxDelay = TimeSpan.FromMilliseconds(20);
        lan.DefaultLink = new LinkProperties(0, lan.DefaultLink.Delay);
        foreach (var from in names)
        {
            foreach (var to in names.Where(n => n != from))
            {
                lan.SetLink(from, to, new LinkProperties(0, TimeSpan.FromMilliseconds(rng.Next(0, 20))));
            }
        }

        foreach (var name in names)
        {
            var healthy = name == "r0" || rng.NextDouble() < 0.7;
            lan.Send(name, new RouterEvent.TrackerChanged(TrackerId.Check("fault"), healthy, 0));
            if (lan[name].State == RouterState.Initialize)
            {
                lan.Send(name, new RouterEvent.Startup());
            }
        }

        var maxInterval = VrrpTimers.FromCentiseconds(lan.Routers.Max(r => r.Options.AdvertIntervalCentiseconds));
        var maxDown = VrrpTimers.MasterDownInterval(version, 1, lan.Routers.Max(r => r.Options.AdvertIntervalCentiseconds));
        var maxPreemptDelay = lan.Routers.Max(r => r.Options.PreemptDelay);
        // RFC bound: one Master_Down_Interval plus an advert's travel and one interval for masters to hear each other.
        var firstBound = maxDown + maxInterval + (maxDelay * 2) + maxPreemptDelay;
        time.Run(lan, firstBound);
        if (lan.Masters.Count != 1)
        {
            return $"{lan.Masters.Count} masters one Master_Down_Interval after healing";
        }

        // Cascaded preemption (a preempting Backup outranking a fresh Master) may need one more round.
        var settle = maxInterval + maxDown + (maxDelay * 2);
        time.Run(lan, settle);
        var settledAt = lan.Elapsed;
        time.Run(lan, maxDown * 2);

        var failure = Check(lan, settledAt);
        if (log is not null)
        {
            foreach (var entry in lan.Timeline.Where(e => e.Action is not RouterAction.SendAdvert))
            {
                log.WriteLine($"{entry.Elapsed.TotalSeconds,10:F4} {entry.Router} {entry.Action}");
            }

            log.WriteLine(failure ?? "converged");
        }

        return failure;
    }

    private static string? Check(SimulatedLan lan, TimeSpan settledAt)
    {
        var masters = lan.Masters;
        if (masters.Count != 1)
        {
            return $"{masters.Count} masters: {string.Join(", ", masters.Select(m => m.Options.Name))}";
        }

        var master = masters[0];
        foreach (var router in lan.Routers.Where(r => r != master))
        {
            if (router.State is not (RouterState.Backup or RouterState.Fault))
            {
                return $"{router.Options.Name} is {router.State}";
            }

            var preempts = router.Options.Preempt || router.Options.IsAddressOwner;
            if (router.State == RouterState.Backup && preempts && router.EffectivePriority > master.EffectivePriority)
            {
                return $"{router.Options.Name} (prio {router.EffectivePriority}, preempt) is Backup under {master.Options.Name} (prio {master.EffectivePriority})";
            }
        }

        var late = lan.Timeline.FirstOrDefault(e => e.Elapsed > settledAt && e.Action is RouterAction.StateChanged);
        return late is null ? null : $"still changing after settling: {late.Elapsed.TotalSeconds:F3}s {late.Router} {late.Action}";
    }
}
