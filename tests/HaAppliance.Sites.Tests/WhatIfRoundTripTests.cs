using System.Globalization;
using System.Net;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Sites.Tests;

/// <summary>
/// Round trip: random seeded two- and three-node sites, written as configs and read back. What <see cref="WhatIf"/>
/// predicts from the configs must equal what a simulated LAN built here by hand, from the same random values,
/// shows when the failure (and the recovery) is injected right after the master's advert.
/// </summary>
public sealed class WhatIfRoundTripTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    // Not zero: Backups that time out together must both become Master and settle by the tie-break, as on a wire.
    private static readonly TimeSpan Link = TimeSpan.FromTicks(1);

    [Test]
    public void RandomSite_Prediction_EqualsInjectedLan([Range(1, 60)] int seed)
    {
        var rng = new Random(seed);
        var version = rng.Next(2) == 0 ? 2 : 3;
        var intervalCs = version == 2 ? 100 * rng.Next(1, 4) : rng.Next(3, 300);
        var advert = version == 2 ? $"{intervalCs / 100}s" : $"{intervalCs * 10}ms";
        var count = 2 + (seed % 2);
        var hosts = Enumerable.Range(1, 250).OrderBy(_ => rng.Next()).Take(count).ToArray();
        var specs = Enumerable.Range(0, count).Select(i => new NodeSpec($"n{i + 1}")
        {
            Version = version,
            Advert = advert,
            State = rng.Next(3) == 0 ? "MASTER" : "BACKUP",
            // Narrow range: equal priorities (tie-break by address) come up often.
            Priority = rng.Next(95, 106),
            Source = $"192.0.2.{hosts[i]}",
            FastPreempt = rng.Next(3) == 0,
            Nopreempt = rng.Next(4) == 0,
            PreemptDelay = rng.Next(3) == 0 ? $"{rng.Next(1, 5)}s" : null,
            CheckWeight = rng.Next(5) == 0 ? 0 : -rng.Next(1, 30),
        }).ToArray();
        var fail = Target(rng, specs);
        var recover = rng.Next(2) == 0 ? fail : Target(rng, specs);
        var site = NodeSpec.Site(specs);

        var report = WhatIf.Run(site, FailureTarget.Parse(fail, site, out var e1), FailureTarget.Parse(recover, site, out var e2));
        var observed = Observe(specs, intervalCs, fail, recover);

        Assert.That((e1, e2), Is.EqualTo(((string?)null, (string?)null)));
        var context = $"seed {seed}: fail {fail}, recover {recover}\n" + string.Join("\n", specs.Select(s => s.Text()));
        for (var step = 0; step < 2; step++)
        {
            var predicted = report.Steps[step].Outcomes.Single();
            var (before, after, elapsed) = observed[step];
            Assert.That(predicted.Before, Is.EqualTo(before), context);
            Assert.That(predicted.After, Is.EqualTo(after), context);
            if (after.Count > 0)
            {
                Assert.That(predicted.Elapsed, Is.EqualTo(elapsed), context);
            }
        }
    }

    private static string Target(Random rng, NodeSpec[] specs)
    {
        var node = specs[rng.Next(specs.Length)].Name;
        return rng.Next(3) switch
        {
            0 => node,
            1 => node + ":chk",
            _ => node + ":eth0",
        };
    }

    /// <summary>The same site built straight from the random values, failed and recovered by hand.</summary>
    private static List<(List<string> Before, List<string> After, TimeSpan? Elapsed)> Observe(NodeSpec[] specs, int intervalCs, string fail, string recover)
    {
        var time = new FakeTimeProvider();
        using var lan = new SimulatedLan(time, 0) { DefaultLink = new LinkProperties(0, Link) };
        foreach (var s in specs)
        {
            lan.Add(new RouterOptions
            {
                Name = s.Name,
                Vrid = 51,
                Version = s.Version == 3 ? VrrpVersion.V3 : VrrpVersion.V2,
                Priority = (byte)s.Priority,
                AdvertIntervalCentiseconds = intervalCs,
                Preempt = !s.Nopreempt,
                PreemptDelay = s.PreemptDelay is null ? TimeSpan.Zero : TimeSpan.FromSeconds(int.Parse(s.PreemptDelay[..^1], CultureInfo.InvariantCulture)),
                FastPreempt = s.FastPreempt,
                AcceptMode = true,
                PrimaryAddress = IPAddress.Parse(s.Source!),
                VirtualAddresses = [IPAddress.Parse("192.0.2.100")],
                StartAsMaster = s.State == "MASTER",
            });
        }

        foreach (var s in specs)
        {
            lan.Send(s.Name, new RouterEvent.TrackerChanged(TrackerId.Check("chk"), true, s.CheckWeight!.Value));
        }

        lan.StartAll();
        lan.RunFor(Settle, time.SetUtcNow);
        var cut = new List<string>();
        var steps = new List<(List<string>, List<string>, TimeSpan?)>();
        foreach (var (target, failed) in new[] { (fail, true), (recover, false) })
        {
            var before = lan.Masters.Select(r => r.Options.Name).ToList();
            // The worst phase: the master's advert has just reached the backups.
            if (lan.Masters.FirstOrDefault()?.NextDeadline is { } due)
            {
                lan.RunFor(due + Link - time.GetUtcNow(), time.SetUtcNow);
            }

            var start = time.GetUtcNow();
            var spec = specs.First(s => target.StartsWith(s.Name, StringComparison.Ordinal));
            void Cut()
            {
                cut.Remove(spec.Name);
                if (failed)
                {
                    cut.Add(spec.Name);
                }

                lan.Partition([.. cut.Select(c => (IReadOnlyCollection<string>)[c])]);
            }

            if (target.EndsWith(":chk", StringComparison.Ordinal))
            {
                lan.Send(spec.Name, new RouterEvent.TrackerChanged(TrackerId.Check("chk"), !failed, spec.CheckWeight!.Value));
            }
            else if (target.EndsWith(":eth0", StringComparison.Ordinal))
            {
                Cut();
                lan.Send(spec.Name, new RouterEvent.TrackerChanged(TrackerId.Link("eth0"), !failed, 0));
            }
            else
            {
                Cut();
                lan.Send(spec.Name, failed ? new RouterEvent.Shutdown() : new RouterEvent.Startup());
            }

            lan.RunFor(Settle, time.SetUtcNow);
            var after = lan.Masters.Select(r => r.Options.Name).ToList();
            var took = lan.Timeline.LastOrDefault(e => e.Time >= start && e.Action is RouterAction.StateChanged { To: RouterState.Master } && after.Contains(e.Router));
            steps.Add((before, after, took is null ? null : took.Time - start));
        }

        return steps;
    }
}
