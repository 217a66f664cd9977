namespace HaAppliance.Config.Validation;

/// <summary>The trackers of a sync group and of its members.</summary>
public sealed partial class ConfigValidator
{
    private static void SyncGroupTracks(HaConfig config, SyncGroupConfig group, string[] checkNames, List<ConfigDiagnostic> d)
    {
        foreach (var t in group.TrackChecks.Where(t => !checkNames.Contains(t.Name, StringComparer.Ordinal)))
        {
            d.Add(ConfigDiagnostic.Error(t.Where("name"),
                $"sync group '{group.Name}' tracks check '{t.Name}', which is not defined under 'checks'{DidYouMean.Hint(t.Name, checkNames)}; defined: {List(checkNames)}"));
        }

        foreach (var t in group.TrackChecks.Concat(group.TrackInterfaces).Concat(group.TrackFiles))
        {
            if (t.Weight is { } w)
            {
                Range(t, "weight", w, -253, 253, d);
            }
        }

        if (group.TrackingWeight)
        {
            return;
        }

        // keepalived ignores them too, and it surprises people: say which ones, where.
        var weights = config.Checks.ToDictionary(c => c.Name, c => c.Weight, StringComparer.Ordinal);
        foreach (var (owner, t, weight) in WeightedTracks(config, group, weights))
        {
            d.Add(ConfigDiagnostic.Warning(t.Where("name"),
                $"{owner} tracks '{t.Name}' with weight {weight}, which is ignored because it is in sync group '{group.Name}' without 'sync_group_tracking_weight' (as keepalived does); only a failure of weight 0 counts, and faults the whole group"));
        }
    }

    private static IEnumerable<(string Owner, TrackRef Track, int Weight)> WeightedTracks(HaConfig config, SyncGroupConfig group, Dictionary<string, int> checkWeights)
    {
        var owners = config.Instances.Where(i => group.Instances.Contains(i.Name))
            .Select(i => ($"instance '{i.Name}'", i.TrackChecks.Concat(i.TrackFiles), i.TrackInterfaces))
            .Append(($"sync group '{group.Name}'", group.TrackChecks.Concat(group.TrackFiles), group.TrackInterfaces));
        foreach (var (owner, checks, interfaces) in owners)
        {
            foreach (var t in checks)
            {
                var weight = t.Weight ?? checkWeights.GetValueOrDefault(t.Name);
                if (weight != 0)
                {
                    yield return (owner, t, weight);
                }
            }

            foreach (var t in interfaces.Where(t => t.Weight is not (null or 0)))
            {
                yield return (owner, t, t.Weight!.Value);
            }
        }
    }
}
