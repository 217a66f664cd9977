using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>
/// A snapshot of one instance for <c>haapp status</c> and the metrics. <see cref="Errors"/> counts the exceptions of
/// plugins, factories and handlers that were contained for this instance (and failed VIP backend calls).
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
    long Errors = 0)
{
    public IpFamily Family { get; init; } = IpFamily.IPv4;

    public VrrpVersion Version { get; init; } = VrrpVersion.V3;

    /// <summary>The current Master's address: ours when Master, the last accepted advert's source when Backup; else null.</summary>
    public System.Net.IPAddress? MasterAddress { get; init; }

    /// <summary>Wall time of the last state change (for humans; null before the first).</summary>
    public DateTimeOffset? LastTransition { get; init; }

    public string? SyncGroup { get; init; }

    /// <summary>The instance's tracked checks with their last known state (null: no result yet).</summary>
    public IReadOnlyList<CheckStatus> Checks { get; init; } = [];

    public long BecameMaster { get; init; }

    public long ReleasedMaster { get; init; }

    public long PriorityZeroSent { get; init; }

    public long PriorityZeroReceived { get; init; }

    public long SendFailures { get; init; }

    public long AddressListMismatches { get; init; }

    public long AnswersSuppressed { get; init; }
}

/// <summary>A tracked check as one instance sees it.</summary>
public sealed record CheckStatus(string Name, bool? Healthy, int Weight);
