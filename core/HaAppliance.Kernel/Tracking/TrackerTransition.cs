namespace HaAppliance.Kernel.Tracking;

/// <summary>A tracked check changed state; the VRRP event loop maps it to RouterEvent.TrackerChanged per instance.</summary>
/// <param name="CheckName">The check's configured name.</param>
/// <param name="Healthy">The new state (after reverse, rise and fall).</param>
/// <param name="Detail">The plugin's detail of the result that caused the change.</param>
public sealed record TrackerTransition(string CheckName, bool Healthy, string? Detail);
