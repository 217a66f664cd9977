using System.Net;

namespace HaAppliance.Config;

/// <summary>Initial state hint; the election is decided by priority.</summary>
public enum InitialState
{
    Backup,
    Master,
}

/// <summary>One virtual router (keepalived's <c>vrrp_instance</c>).</summary>
public sealed class InstanceConfig : ConfigNode
{
    public string Name { get; set; } = "";

    public InitialState State { get; set; } = InitialState.Backup;

    public string Interface { get; set; } = "";

    public int VirtualRouterId { get; set; }

    /// <summary>Base priority 1–255. Null when not written: keepalived then uses 255 for state MASTER, 100 otherwise.</summary>
    public int? Priority { get; set; }

    /// <summary>Advertisement interval (v2: whole seconds; v3: 10 ms to 40.95 s).</summary>
    public TimeSpan AdvertInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Protocol version; null: the global default.</summary>
    public int? Version { get; set; }

    public bool Preempt { get; set; } = true;

    public TimeSpan PreemptDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Take over at once on hearing a lower priority master (deviation from RFC §6.4.2, off by default).</summary>
    public bool FastPreempt { get; set; }

    /// <summary>RFC accept mode: accept packets addressed to the VIPs when master and not owner.</summary>
    public bool Accept { get; set; } = true;

    /// <summary>v2 authentication: null or "NONE", or "PASS" with <see cref="AuthPass"/> (upper case, as keepalived writes it).</summary>
    public string? AuthType { get; set; }

    public string? AuthPass { get; set; }

    public IPAddress? McastSrcIp { get; set; }

    public IPAddress? UnicastSrcIp { get; set; }

    public List<IPAddress> UnicastPeers { get; } = [];

    /// <summary>With unicast peers: require TTL 255 on received adverts (RFC 9568 §7.1); keepalived does not.</summary>
    public bool UnicastTtlCheck { get; set; } = true;

    public List<VipConfig> VirtualAddresses { get; } = [];

    /// <summary>Addresses managed with the instance but not carried in adverts.</summary>
    public List<VipConfig> ExcludedAddresses { get; } = [];

    public List<TrackRef> TrackInterfaces { get; } = [];

    /// <summary>Checks tracked by this instance, with optional weight overrides.</summary>
    public List<TrackRef> TrackChecks { get; } = [];

    /// <summary>Files tracked by this instance (keepalived's track_file).</summary>
    public List<TrackRef> TrackFiles { get; } = [];

    public NotifyScripts Notify { get; set; } = new();

    /// <summary>Names of notifiers (email, webhook, ...) that receive this instance's state changes.</summary>
    public List<string> Notifiers { get; } = [];

    /// <summary>keepalived's smtp_alert: send email on state change using the global email settings.</summary>
    public bool? SmtpAlert { get; set; }

    /// <summary>Per-instance override of the global GARP settings; null: global.</summary>
    public GarpConfig? Garp { get; set; }

    /// <summary>VIP backend plugin type; null: global default.</summary>
    public string? VipBackend { get; set; }

    /// <summary>Per-instance override of <see cref="GlobalConfig.V3ChecksumAsV2"/>.</summary>
    public bool? V3ChecksumAsV2 { get; set; }

    /// <summary>The effective base priority after keepalived's default rule.</summary>
    public int EffectivePriority => Priority ?? (State == InitialState.Master ? 255 : 100);

    /// <summary>Address family of the instance, derived from its first VIP (IPv4 when none).</summary>
    public System.Net.Sockets.AddressFamily Family =>
        VirtualAddresses.Count > 0 ? VirtualAddresses[0].Address.AddressFamily : System.Net.Sockets.AddressFamily.InterNetwork;
}

/// <summary>A virtual address line: address/prefix and keepalived's options.</summary>
public sealed class VipConfig : ConfigNode
{
    public required IPAddress Address { get; set; }

    /// <summary>Prefix length; keepalived's default is 32 for IPv4 and 128 for IPv6.</summary>
    public int PrefixLength { get; set; }

    public string? Device { get; set; }

    public string? Label { get; set; }

    /// <summary>host, link, site, global (default) or a number.</summary>
    public string? Scope { get; set; }

    public IPAddress? Broadcast { get; set; }

    public override string ToString() => $"{Address}/{PrefixLength}";
}

/// <summary>A reference to something tracked (check, interface, file) with an optional weight override.</summary>
public sealed class TrackRef : ConfigNode
{
    public string Name { get; set; } = "";

    /// <summary>Weight override; null: the check's own weight.</summary>
    public int? Weight { get; set; }

    /// <summary>Invert the sense of the weight (keepalived's <c>reverse</c>).</summary>
    public bool Reverse { get; set; }
}

/// <summary>keepalived-style notify scripts. Each is a command line.</summary>
public sealed class NotifyScripts : ConfigNode
{
    public string? Master { get; set; }

    public string? Backup { get; set; }

    public string? Fault { get; set; }

    public string? Stop { get; set; }

    /// <summary>Called on every transition with "INSTANCE|GROUP name STATE priority" appended.</summary>
    public string? Any { get; set; }

    public bool IsEmpty => Master is null && Backup is null && Fault is null && Stop is null && Any is null;
}

/// <summary>Instances that change state together (keepalived's vrrp_sync_group).</summary>
public sealed class SyncGroupConfig : ConfigNode
{
    public string Name { get; set; } = "";

    public List<string> Instances { get; } = [];

    public NotifyScripts Notify { get; set; } = new();

    public List<string> Notifiers { get; } = [];

    public bool? SmtpAlert { get; set; }

    /// <summary>Interfaces tracked for every member (keepalived's group <c>track_interface</c>).</summary>
    public List<TrackRef> TrackInterfaces { get; } = [];

    /// <summary>Checks tracked by every member (keepalived's group <c>track_script</c>).</summary>
    public List<TrackRef> TrackChecks { get; } = [];

    /// <summary>Files tracked by every member (keepalived's group <c>track_file</c>).</summary>
    public List<TrackRef> TrackFiles { get; } = [];

    /// <summary>
    /// keepalived's <c>sync_group_tracking_weight</c>: apply the weights of the members' trackers. Without it weighted
    /// trackers of members are ignored (the members could otherwise elect apart); trackers of weight 0 always count.
    /// </summary>
    public bool TrackingWeight { get; set; }
}
