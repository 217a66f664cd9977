using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Simulation;

/// <summary>One action a router performed on the simulated LAN.</summary>
/// <param name="Time">The clock time of the action.</param>
/// <param name="Elapsed">Time since the LAN was created.</param>
/// <param name="Router">The router's name.</param>
/// <param name="Action">What it did.</param>
public sealed record TimelineEntry(DateTimeOffset Time, TimeSpan Elapsed, string Router, RouterAction Action);
