using HaAppliance.Abstractions;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>A tracked check as one instance sees it: the weight after the per-instance override.</summary>
public sealed record InstanceTrack(string Name, int Weight, bool Reverse);

/// <summary>
/// Everything the event loop needs to run one instance, resolved from the configuration
/// (interface index, primary address, destinations, weights). Two specs that are equal run identically.
/// </summary>
public sealed record InstanceSpec
{
    public required string Name { get; init; }

    public required RouterOptions Router { get; init; }

    public required TransportEndpoint Endpoint { get; init; }

    /// <summary>Addresses carried in adverts and added when Master.</summary>
    public required IReadOnlyList<VipAddress> Vips { get; init; }

    /// <summary>Addresses added when Master but not carried in adverts.</summary>
    public IReadOnlyList<VipAddress> ExcludedVips { get; init; } = [];

    /// <summary>v2 simple password (auth type 1), or null.</summary>
    public string? AuthPass { get; init; }

    /// <summary>v3/IPv4: send the checksum without the pseudo-header (keepalived's v3_checksum_as_v2).</summary>
    public bool ChecksumWithoutPseudoHeader { get; init; }

    public IReadOnlyList<InstanceTrack> Checks { get; init; } = [];

    /// <summary>Interfaces whose link state is tracked (weight 0: down means Fault).</summary>
    public IReadOnlyList<InstanceTrack> Interfaces { get; init; } = [];

    /// <summary>Gratuitous ARP / NA schedule (the instance's garp settings, else the global ones).</summary>
    public GarpSchedule Garp { get; init; } = new();

    /// <summary>Unicast: require TTL 255 on received adverts (RFC 9568 §7.1); false accepts routed peers, as keepalived.</summary>
    public bool CheckUnicastTtl { get; init; } = true;

    /// <summary>The VIP backend plugin type that adds and removes the addresses.</summary>
    public string VipBackend { get; init; } = "netlink";

    /// <summary>The sync group this instance belongs to, if any.</summary>
    public string? SyncGroup { get; init; }

    /// <summary>All the addresses this instance owns while Master.</summary>
    public IEnumerable<VipAddress> AllVips => Vips.Concat(ExcludedVips);
}
