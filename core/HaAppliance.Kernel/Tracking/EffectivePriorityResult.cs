namespace HaAppliance.Kernel.Tracking;

/// <summary>The outcome of <see cref="EffectivePriority.Compute"/>.</summary>
/// <param name="Priority">The priority to advertise (1–254, or 255 for an owner).</param>
/// <param name="Fault">True when a weight-0 tracker fails: the instance must go to Fault.</param>
/// <param name="FaultedBy">Names of the trackers causing the fault.</param>
public sealed record EffectivePriorityResult(int Priority, bool Fault, IReadOnlyList<string> FaultedBy);
