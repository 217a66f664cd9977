using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>
/// A snapshot of one instance for <c>haapp status</c>. <see cref="Errors"/> counts the exceptions of plugins,
/// factories and handlers that were contained for this instance (and failed VIP backend calls).
/// </summary>
public sealed record InstanceStatus(
    string Name,
    string Interface,
    byte Vrid,
    RouterState State,
    int BasePriority,
    int EffectivePriority,
    long AdvertsSent,
    long AdvertsReceived,
    IReadOnlyDictionary<string, long> Rejected,
    IReadOnlyList<string> Vips,
    long Errors = 0);
