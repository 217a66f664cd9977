using System.Net;
using System.Net.Sockets;
using HaAppliance.Config;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Sites;

/// <summary>
/// One instance of one node, resolved as the daemon would resolve it, except the primary address: that comes from
/// the interface at run time, so when the config does not name one (<c>unicast_src_ip</c>, <c>mcast_src_ip</c>)
/// a synthetic address derived from the node's order is used and <see cref="AddressIsSynthetic"/> says so.
/// </summary>
public sealed class SiteInstance
{
    internal SiteInstance(SiteNode node, int nodeIndex, InstanceConfig config)
    {
        Node = node;
        NodeIndex = nodeIndex;
        Config = config;
        var family = config.Family == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;
        Key = new SegmentKey(config.Interface, family, config.VirtualRouterId);
        Version = config.Version ?? node.Config.Global.VrrpVersion;
        var named = config.UnicastPeers.Count > 0 ? config.UnicastSrcIp ?? config.McastSrcIp : config.McastSrcIp ?? config.UnicastSrcIp;
        AddressIsSynthetic = named is null;
        PrimaryAddress = named ?? SyntheticAddress(family, nodeIndex);
        var checks = node.Config.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        Trackers =
        [
            .. config.TrackChecks.Where(t => checks.ContainsKey(t.Name))
                .Select(t => new SiteTracker(SiteTrackerKind.Check, t.Name, t.Weight ?? checks[t.Name].Weight, t.Reverse)),
            .. config.TrackFiles.Where(t => checks.ContainsKey(t.Name))
                .Select(t => new SiteTracker(SiteTrackerKind.File, t.Name, t.Weight ?? checks[t.Name].Weight, t.Reverse)),
            .. config.TrackInterfaces.Select(t => new SiteTracker(SiteTrackerKind.Interface, t.Name, t.Weight ?? 0, t.Reverse)),
        ];
        InitiallyHealthy = Trackers.ToDictionary(
            t => t.Id,
            t => t.Kind == SiteTrackerKind.Interface || checks[t.Name].InitiallyHealthy,
            StringComparer.Ordinal);
    }

    public SiteNode Node { get; }

    /// <summary>The node's position in the site (0-based): the synthetic address and the simulation's order.</summary>
    public int NodeIndex { get; }

    public InstanceConfig Config { get; }

    public string Name => Config.Name;

    public SegmentKey Key { get; }

    /// <summary>2 or 3: the instance's own version, else the node's global default.</summary>
    public int Version { get; }

    /// <summary>The advert source and the tie-breaker.</summary>
    public IPAddress PrimaryAddress { get; }

    /// <summary>True when <see cref="PrimaryAddress"/> is not in the configuration but made up for the simulation.</summary>
    public bool AddressIsSynthetic { get; }

    public IReadOnlyList<SiteTracker> Trackers { get; }

    /// <summary>The base priority after keepalived's default rule (255 for state MASTER without a priority, else 100).</summary>
    public int BasePriority => Math.Clamp(Config.EffectivePriority, 1, 255);

    /// <summary>The advert interval in centiseconds.</summary>
    public int AdvertIntervalCentiseconds => (int)Math.Round(Config.AdvertInterval.TotalMilliseconds / 10);

    /// <summary>The node and instance, as the simulation names the router.</summary>
    public string RouterName => $"{Node.Name}/{Name}";

    internal IReadOnlyDictionary<string, bool> InitiallyHealthy { get; }

    /// <summary>198.18.0.N (the benchmarking range, never a real LAN's) or fe80::ff:N for node N-1.</summary>
    public static IPAddress SyntheticAddress(IpFamily family, int nodeIndex) => family == IpFamily.IPv4
        ? new IPAddress([198, 18, (byte)((nodeIndex + 1) >> 8), (byte)(nodeIndex + 1)])
        : IPAddress.Parse($"fe80::ff:{nodeIndex + 1:x}");

    /// <summary>The router's options, as <c>InstanceSpecBuilder</c> maps them, with <see cref="PrimaryAddress"/>.</summary>
    public RouterOptions ToRouterOptions() => new()
    {
        Name = RouterName,
        Vrid = (byte)Math.Clamp(Config.VirtualRouterId, 1, 255),
        Version = Version == 3 ? VrrpVersion.V3 : VrrpVersion.V2,
        Priority = (byte)BasePriority,
        AdvertIntervalCentiseconds = AdvertIntervalCentiseconds,
        Preempt = Config.Preempt,
        PreemptDelay = Config.PreemptDelay,
        FastPreempt = Config.FastPreempt,
        AcceptMode = Config.Accept,
        PrimaryAddress = PrimaryAddress,
        VirtualAddresses = Config.VirtualAddresses.Select(v => v.Address).ToList(),
        StartAsMaster = Config.State == InitialState.Master,
    };

    /// <summary>
    /// The effective priority with the given trackers failed (all others up), computed by the real
    /// <see cref="VirtualRouter"/> from its tracker events. Null when a failed tracker of weight 0 means Fault.
    /// </summary>
    public int? PriorityWith(IEnumerable<string> failedTrackerIds)
    {
        var failed = failedTrackerIds.ToHashSet(StringComparer.Ordinal);
        var router = new VirtualRouter(ToRouterOptions(), TimeProvider.System);
        foreach (var t in Trackers)
        {
            router.Handle(t.When(!failed.Contains(t.Id)));
        }

        return router.IsFaulted ? null : router.EffectivePriority;
    }

    /// <summary>True when this instance beats <paramref name="other"/> at these priorities (RFC 9568 §6.4.3 tie-break).</summary>
    public bool Outranks(int priority, SiteInstance other, int otherPriority) =>
        priority != otherPriority ? priority > otherPriority : AddressComparer.Compare(PrimaryAddress, other.PrimaryAddress) > 0;
}
