using HaAppliance.Kernel.Configuration;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tracking;

/// <summary>
/// Maps a check's transition to the instances that track it (<c>track_script</c>), each with its own
/// weight override. An instance's <c>reverse</c> is applied by inverting the state it sees, which gives
/// keepalived's rule (the weight applies in the opposite state; weight 0 faults while the check succeeds).
/// </summary>
public sealed class TrackerRouting
{
    private readonly Dictionary<string, List<(string Instance, TrackRef Reference)>> _byCheck = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CheckConfig> _checks = new(StringComparer.Ordinal);

    /// <summary>Indexes the configuration's checks and each instance's tracked checks.</summary>
    public TrackerRouting(HaConfig config)
    {
        foreach (var check in config.Checks)
        {
            _checks[check.Name] = check;
        }

        foreach (var instance in config.Instances)
        {
            foreach (var reference in instance.TrackChecks)
            {
                if (!_byCheck.TryGetValue(reference.Name, out var list))
                {
                    _byCheck[reference.Name] = list = [];
                }

                list.Add((instance.Name, reference));
            }
        }
    }

    /// <summary>The router events a transition causes, one per tracking instance (none for an untracked check).</summary>
    public IReadOnlyList<TrackerRoute> Route(TrackerTransition transition)
    {
        if (!_byCheck.TryGetValue(transition.CheckName, out var list) || !_checks.TryGetValue(transition.CheckName, out var check))
        {
            return [];
        }

        return [.. list.Select(t => new TrackerRoute(
            t.Instance,
            new RouterEvent.TrackerChanged(check.Name, transition.Healthy ^ t.Reference.Reverse, t.Reference.Weight ?? check.Weight)))];
    }

    /// <summary>An instance's tracker weights for <see cref="EffectivePriority.Compute"/>, from the scheduler's current states.</summary>
    public IReadOnlyList<TrackerWeight> WeightsFor(string instance, IReadOnlyDictionary<string, bool> states) =>
        [.. _byCheck.SelectMany(kv => kv.Value.Where(t => t.Instance == instance).Select(t => (Check: kv.Key, t.Reference)))
            .Where(x => _checks.ContainsKey(x.Check))
            .Select(x => TrackerWeight.For(x.Reference, _checks[x.Check], states.TryGetValue(x.Check, out bool h) ? h : _checks[x.Check].InitiallyHealthy))];
}
