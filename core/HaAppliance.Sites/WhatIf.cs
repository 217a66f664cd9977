using System.Globalization;
using HaAppliance.Config;
using HaAppliance.Vrrp.Router;
using HaAppliance.Vrrp.Simulation;

namespace HaAppliance.Sites;

/// <summary>
/// Answers "what if this fails?" for a site: each virtual router runs on its own simulated LAN with the real
/// <see cref="VirtualRouter"/>, the failure lands right after its master's advert (the worst phase: the backups'
/// Master_Down_Timer was just reset), and the holder before and after is read off the routers. Deterministic.
/// </summary>
public static class WhatIf
{
    public static WhatIfReport Run(Site site, IReadOnlyList<FailureTarget> fail, IReadOnlyList<FailureTarget>? recover = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(fail);
        var failOutcomes = new List<WhatIfOutcome>();
        var recoverOutcomes = new List<WhatIfOutcome>();
        foreach (var group in site.Groups)
        {
            using var sim = new GroupSimulation(group);
            failOutcomes.Add(Step(sim, group[0], fail, failed: true));
            if (recover is { Count: > 0 })
            {
                recoverOutcomes.Add(Step(sim, group[0], recover, failed: false));
            }
        }

        var steps = new List<WhatIfStep> { new("fail", [.. fail.Select(f => f.ToString())], failOutcomes) };
        if (recover is { Count: > 0 })
        {
            steps.Add(new WhatIfStep("recover", [.. recover.Select(f => f.ToString())], recoverOutcomes));
        }

        return new WhatIfReport(steps, Notes(site, fail));
    }

    /// <summary>Runs one failure or recovery on a settled group and reads off who holds the instance.</summary>
    private static WhatIfOutcome Step(GroupSimulation sim, SiteInstance first, IReadOnlyList<FailureTarget> targets, bool failed)
    {
        var before = sim.Holders;
        sim.RunToMasterAdvert();
        var start = sim.Now;
        foreach (var target in targets)
        {
            sim.Apply(target, failed);
        }

        sim.Run(sim.Horizon);
        var after = sim.Holders;
        var changes = sim.Lan.Timeline
            .Where(e => e.Time >= start && e.Action is RouterAction.StateChanged)
            .Select(e => (Entry: e, Change: (RouterAction.StateChanged)e.Action))
            .ToList();
        var segment = first.Key.ToString();
        IReadOnlyList<string> Names(IReadOnlyList<SiteInstance> holders) => [.. holders.Select(h => h.Node.Name)];

        var took = changes.LastOrDefault(c => c.Change.To == RouterState.Master && after.Any(a => a.RouterName == c.Entry.Router));
        if (after.Count > 0 && took.Entry is { } entry)
        {
            var elapsed = entry.Time - start;
            return new WhatIfOutcome(first.Name, segment, Names(before), Names(after), elapsed,
                Explain(sim, entry, took.Change, elapsed, before));
        }

        if (after.Count > 0)
        {
            return new WhatIfOutcome(first.Name, segment, Names(before), Names(after), null,
                SameHolders(before, after)
                    ? "no change"
                    : $"no takeover: {string.Join(", ", before.Except(after).Select(i => i.Node.Name))} stopped being master");
        }

        // Nobody holds it: say what each node is doing.
        var left = changes.LastOrDefault(c => c.Change.From == RouterState.Master);
        var states = string.Join(", ", sim.Lan.Routers.Select(r =>
        {
            var instance = sim.InstanceOf(r.Options.Name);
            return r.State switch
            {
                RouterState.Initialize => $"{instance.Node.Name} down",
                RouterState.Fault => $"{instance.Node.Name} in fault",
                var s => $"{instance.Node.Name} {s.ToString().ToLowerInvariant()}",
            };
        }));
        return new WhatIfOutcome(first.Name, segment, Names(before), [], left.Entry is { } l ? l.Time - start : null, $"nobody holds it: {states}");
    }

    private static bool SameHolders(IReadOnlyList<SiteInstance> a, IReadOnlyList<SiteInstance> b) =>
        a.Select(x => x.RouterName).SequenceEqual(b.Select(x => x.RouterName));

    /// <summary>The takeover in the RFC's words, checked against the formulas rather than assumed.</summary>
    private static string Explain(GroupSimulation sim, TimelineEntry entry, RouterAction.StateChanged change, TimeSpan elapsed, IReadOnlyList<SiteInstance> before)
    {
        var router = sim.Lan[entry.Router];
        var options = router.Options;
        var p = change.LocalPriority;
        var previous = before.FirstOrDefault()?.Node.Name ?? "the master";
        switch (change.Cause)
        {
            case StateChangeCause.FastPreemption:
                return $"fast_preempt: on {previous}'s advert at priority {change.Advert?.Priority} < {p}";
            case StateChangeCause.MasterDownTimerExpired:
                var interval = router.MasterAdverIntervalCentiseconds;
                var skew = VrrpTimers.SkewTime(options.Version, p, interval);
                var mdi = VrrpTimers.MasterDownInterval(options.Version, p, interval);
                if (change.Reason.Contains("priority 0", StringComparison.Ordinal))
                {
                    return Near(elapsed, skew)
                        ? $"Skew_Time at priority {p} after {previous}'s priority 0 advert"
                        : $"{change.Reason}, at priority {p}";
                }

                if (Near(elapsed, mdi))
                {
                    return $"Master_Down_Interval at priority {p}";
                }

                var bootWait = VrrpTimers.FromCentiseconds(options.AdvertIntervalCentiseconds) + VrrpTimers.MinimumSkewTime(options.Version, options.AdvertIntervalCentiseconds);
                if (options.StartAsMaster && Near(elapsed, bootWait))
                {
                    return $"state MASTER at boot: one Master_Adver_Interval plus the minimum Skew_Time, at priority {p}";
                }

                if (options.PreemptDelay > TimeSpan.Zero && elapsed > mdi)
                {
                    return $"preempt_delay {Duration.Format(options.PreemptDelay)}, then Master_Down_Interval at priority {p}";
                }

                return $"{change.Reason}, at priority {p}";
            default:
                return $"{change.Reason}, at priority {p}";
        }
    }

    /// <summary>Equal but for the link delay an advert took on the way.</summary>
    private static bool Near(TimeSpan a, TimeSpan b) => (a - b).Duration() <= GroupSimulation.LinkDelay;

    private static List<string> Notes(Site site, IReadOnlyList<FailureTarget> fail)
    {
        var notes = new List<string>
        {
            "worst case: each failure lands right after the master's advert has reached the backups; links lose nothing and take 100 ns",
        };
        foreach (var target in fail.Where(f => f.Kind == FailureKind.CheckFails))
        {
            var check = site.Nodes.First(n => n.Name == target.Node).Config.Checks.First(c => c.Name == target.Name);
            var detect = Math.Max(1, check.Fall) * check.Interval + check.Timeout;
            notes.Add($"{target} counts as failed after {Math.Max(1, check.Fall)} failed run(s) every {Duration.Format(check.Interval)} " +
                      $"(timeout {Duration.Format(check.Timeout)}): up to {Duration.Format(detect)} before the times above start");
        }

        foreach (var group in site.Groups.Where(g => g.Count > 1 && g.Any(i => i.AddressIsSynthetic)))
        {
            var healthy = group.Select(i => i.PriorityWith([])).ToList();
            if (healthy.Count != healthy.Distinct().Count() || group.GroupBy(i => i.BasePriority).Any(g => g.Count() > 1))
            {
                notes.Add($"{group[0].Name}: equal priorities are broken by the primary address, which the configs do not name; assumed " +
                          string.Join(", ", group.Select(i => $"{i.Node.Name} {i.PrimaryAddress}")) + " (set unicast_src_ip or mcast_src_ip to make it exact)");
            }
        }

        if (site.Nodes.Any(n => n.Config.SyncGroups.Count > 0))
        {
            notes.Add("sync groups are not simulated: each instance is shown on its own");
        }

        return notes;
    }

    /// <summary>The report as operators read it: one line per instance and step.</summary>
    public static void Write(TextWriter output, WhatIfReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var step in report.Steps)
        {
            var verb = step.Action == "fail" ? (step.Targets.Count == 1 ? "fails" : "fail") : (step.Targets.Count == 1 ? "recovers" : "recover");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(step.Action == "fail" ? "what if" : "then")} {string.Join(" and ", step.Targets)} {verb}:"));
            foreach (var outcome in step.Outcomes)
            {
                output.WriteLine("  " + outcome);
            }
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine("note: " + note);
        }
    }
}
