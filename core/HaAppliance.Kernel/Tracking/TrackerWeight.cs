using HaAppliance.Kernel.Configuration;

namespace HaAppliance.Kernel.Tracking;

/// <summary>One tracker's contribution to an instance's priority.</summary>
/// <param name="Name">The tracker's name, for fault reasons.</param>
/// <param name="Healthy">Its current state.</param>
/// <param name="Weight">The effective weight (the instance's override, else the check's).</param>
/// <param name="Reverse">keepalived's <c>reverse</c> on track_script: the weight applies in the opposite state.</param>
public readonly record struct TrackerWeight(string Name, bool Healthy, int Weight, bool Reverse = false)
{
    /// <summary>The weight an instance uses for a check: its <c>track_script</c> override, else the check's own.</summary>
    public static TrackerWeight For(TrackRef reference, CheckConfig check, bool healthy) =>
        new(check.Name, healthy, reference.Weight ?? check.Weight, reference.Reverse);
}
