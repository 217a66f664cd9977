using System.Net;

namespace HaAppliance.Config;

/// <summary>Settings for the whole node (keepalived's <c>global_defs</c>).</summary>
public sealed class GlobalConfig : ConfigNode
{
    /// <summary>Name of this node in logs and notifications; defaults to the host name.</summary>
    public string? RouterId { get; set; }

    /// <summary>Default protocol version for instances that do not set one (keepalived: vrrp_version, default 2).</summary>
    public int VrrpVersion { get; set; } = 2;

    public IPAddress McastGroup4 { get; set; } = IPAddress.Parse("224.0.0.18");

    public IPAddress McastGroup6 { get; set; } = IPAddress.Parse("ff02::12");

    /// <summary>keepalived's vrrp_strict: enforce RFC rules strictly (no auth with v3, no unicast, ...).</summary>
    public bool Strict { get; set; }

    /// <summary>Send v3/IPv4 checksums without the pseudo-header (keepalived's v3_checksum_as_v2).</summary>
    public bool V3ChecksumAsV2 { get; set; }

    /// <summary>Default VIP backend plugin type for instances that do not name one.</summary>
    public string VipBackend { get; set; } = "netlink";

    public string? ScriptUser { get; set; }

    public string? ScriptGroup { get; set; }

    public bool EnableScriptSecurity { get; set; }

    /// <summary>How long a notify script may run before it is killed.</summary>
    public TimeSpan ScriptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>keepalived's vrrp_startup_delay: the instances start this long after the daemon.</summary>
    public TimeSpan StartupDelay { get; set; }

    /// <summary>keepalived's vrrp_delay_after_boot: the instances start no sooner than this long after boot.</summary>
    public TimeSpan DelayAfterBoot { get; set; }

    public List<string> NotificationEmail { get; } = [];

    public string? NotificationEmailFrom { get; set; }

    public string? SmtpServer { get; set; }

    public int SmtpPort { get; set; } = 25;

    public TimeSpan SmtpConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public GarpConfig Garp { get; set; } = new();

    /// <summary>Folder for the outbox, journal and runtime state; one per daemon.</summary>
    public string StateDir { get; set; } = "/var/lib/haapp";

    /// <summary>Path of the control socket used by <c>haapp status|reload</c>.</summary>
    public string ControlSocket { get; set; } = "/run/haapp/haapp.sock";

    /// <summary>ADDR:PORT where <c>/metrics</c> is served (Prometheus text format); null: no metrics endpoint.</summary>
    public string? MetricsListen { get; set; }

    /// <summary>keepalived's notify_fifo: a FIFO that receives one line per state change.</summary>
    public string? NotifyFifo { get; set; }
}

/// <summary>Gratuitous ARP / unsolicited NA behaviour (keepalived's vrrp_garp_* and garp_* settings).</summary>
public sealed class GarpConfig : ConfigNode
{
    /// <summary>Delay before the second burst after becoming master (garp_master_delay, default 5 s; 0 disables).</summary>
    public TimeSpan MasterDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Number of gratuitous ARPs in each burst (garp_master_repeat, default 5).</summary>
    public int MasterRepeat { get; set; } = 5;

    /// <summary>Interval for periodic refresh while master (garp_master_refresh; zero: off).</summary>
    public TimeSpan MasterRefresh { get; set; } = TimeSpan.Zero;

    /// <summary>Number of gratuitous ARPs at each refresh (garp_master_refresh_repeat, default 1).</summary>
    public int MasterRefreshRepeat { get; set; } = 1;

    /// <summary>Delay between consecutive gratuitous ARPs on one interface (vrrp_garp_interval).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.Zero;

    /// <summary>Delay between consecutive unsolicited NAs on one interface (vrrp_gna_interval).</summary>
    public TimeSpan NaInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Burst sent when a lower-priority advert is heard as master (garp_lower_prio_repeat); null: <see cref="MasterRepeat"/>.</summary>
    public int? LowerPrioRepeat { get; set; }

    /// <summary>Delay before the second burst after a lower-priority advert is heard as master (garp_lower_prio_delay); null: <see cref="MasterDelay"/>.</summary>
    public TimeSpan? LowerPrioDelay { get; set; }

    public GarpConfig Clone() => (GarpConfig)MemberwiseClone();
}
