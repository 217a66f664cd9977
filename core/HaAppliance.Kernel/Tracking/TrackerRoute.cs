using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tracking;

/// <summary>One instance's view of a tracker transition: the router event to post to that instance.</summary>
/// <param name="Instance">The VRRP instance name.</param>
/// <param name="Event">The event, with the instance's weight and its <c>reverse</c> already applied.</param>
public sealed record TrackerRoute(string Instance, RouterEvent.TrackerChanged Event);
