using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>A snapshot of one instance for <c>haapp status</c>.</summary>
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
    IReadOnlyList<string> Vips);
