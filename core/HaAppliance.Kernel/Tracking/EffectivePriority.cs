namespace HaAppliance.Kernel.Tracking;

/// <summary>
/// An instance's priority after its trackers, as keepalived computes it: a positive weight is added while
/// the tracker is healthy, a negative weight subtracted while it fails, and a failing weight-0 tracker puts
/// the instance in Fault. <c>reverse</c> swaps the state in which the weight applies. The result stays in
/// 1–254 (RFC 9568 §6.1: 255 is reserved for the address owner, 0 for "stop being master"); an owner
/// (base 255) keeps 255 whatever the weights, since its priority is fixed by owning the addresses.
/// </summary>
public static class EffectivePriority
{
    /// <summary>Computes the effective priority and whether the instance must be in Fault.</summary>
    /// <param name="basePriority">The configured priority, 1–255.</param>
    /// <param name="trackers">Every tracker the instance follows.</param>
    /// <returns>The priority, the fault flag and the names of the trackers that cause the fault.</returns>
    public static EffectivePriorityResult Compute(int basePriority, IEnumerable<TrackerWeight> trackers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(basePriority, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(basePriority, 255);
        int priority = basePriority;
        List<string> faults = [];
        foreach (var t in trackers)
        {
            // With reverse, the weight acts as if the tracker's state were the opposite.
            bool effectiveHealthy = t.Healthy ^ t.Reverse;
            if (t.Weight == 0)
            {
                if (!effectiveHealthy)
                {
                    faults.Add(t.Name);
                }
            }
            else if (t.Weight > 0 && effectiveHealthy)
            {
                priority += t.Weight;
            }
            else if (t.Weight < 0 && !effectiveHealthy)
            {
                priority += t.Weight;
            }
        }

        if (basePriority == 255)
        {
            return new EffectivePriorityResult(255, faults.Count > 0, faults);
        }

        return new EffectivePriorityResult(Math.Clamp(priority, 1, 254), faults.Count > 0, faults);
    }
}
