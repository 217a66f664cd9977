using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.GlobalConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary><c>global:</c>, keepalived's <c>global_defs</c>.</summary>
    public static ConfigSection<GlobalConfig> Global { get; } = new(
        "global",
        K.String("router_id", g => g.RouterId, (g, v) => g.RouterId = v, "name of this node in logs and notifications", "host name"),
        K.Int("vrrp_version", g => g.VrrpVersion, (g, v) => g.VrrpVersion = v, "protocol for instances without `version`: 2 (RFC 3768) or 3 (RFC 5798)"),
        K.Address("vrrp_mcast_group4", g => g.McastGroup4, (g, v) => g.McastGroup4 = v, "IPv4 multicast group for adverts"),
        K.Address("vrrp_mcast_group6", g => g.McastGroup6, (g, v) => g.McastGroup6 = v, "IPv6 multicast group for adverts"),
        K.Bool("vrrp_strict", g => g.Strict, (g, v) => g.Strict = v, "enforce the RFCs strictly"),
        K.Bool("v3_checksum_as_v2", g => g.V3ChecksumAsV2, (g, v) => g.V3ChecksumAsV2 = v, "send VRRPv3/IPv4 checksums without the pseudo-header (RFC 9568 style)"),
        K.String("vip_backend", g => g.VipBackend, (g, v) => g.VipBackend = v, "how VIPs are added/removed: a VIP backend plugin type (`netlink`, `ip`)"),
        K.String("script_user", g => g.ScriptUser, (g, v) => g.ScriptUser = v, "account that notify and check scripts run as"),
        K.String("script_group", g => g.ScriptGroup, (g, v) => g.ScriptGroup = v, "group that notify and check scripts run as"),
        K.Bool("enable_script_security", g => g.EnableScriptSecurity, (g, v) => g.EnableScriptSecurity = v, "refuse scripts writable by other users"),
        K.Duration("script_timeout", g => g.ScriptTimeout, (g, v) => g.ScriptTimeout = v, "notify scripts running longer are killed"),
        K.StringList("notification_email", g => g.NotificationEmail, "addresses for keepalived-style `smtp_alert` mails"),
        K.String("notification_email_from", g => g.NotificationEmailFrom, (g, v) => g.NotificationEmailFrom = v, "sender of `smtp_alert` mails"),
        K.String("smtp_server", g => g.SmtpServer, (g, v) => g.SmtpServer = v, "mail server for `smtp_alert`"),
        K.Int("smtp_port", g => g.SmtpPort, (g, v) => g.SmtpPort = v, "port of `smtp_server`"),
        K.Duration("smtp_connect_timeout", g => g.SmtpConnectTimeout, (g, v) => g.SmtpConnectTimeout = v, "give up connecting to `smtp_server` after this long"),
        K.Duration("vrrp_startup_delay", g => g.StartupDelay, (g, v) => g.StartupDelay = v,
            "the instances start this long after the daemon (they stay in INIT and send nothing until then)"),
        K.Duration("vrrp_delay_after_boot", g => g.DelayAfterBoot, (g, v) => g.DelayAfterBoot = v,
            "the instances start no sooner than this long after the system booted (a restart later is not delayed); the longer of the two delays applies"),
        K.Custom("garp", "see `garp` below", "gratuitous ARP / unsolicited NA behaviour",
            (r, k, v, g) => g.Garp = r.ReadGarp(v, "global.garp"),
            (w, k, g) =>
            {
                // Written only when some setting differs: an empty global garp is the default.
                if (Garp.HasValues(g.Garp, w))
                {
                    w.Key(k);
                    w.Begin();
                    Garp.Write(w, g.Garp);
                    w.End();
                }
            }),
        K.String("state_dir", g => g.StateDir, (g, v) => g.StateDir = v, "outbox, journal and runtime state"),
        K.String("control_socket", g => g.ControlSocket, (g, v) => g.ControlSocket = v, "socket of `haapp status` / `reload`"),
        K.String("metrics_listen", g => g.MetricsListen, (g, v) => g.MetricsListen = v, "serve Prometheus `/metrics` on ADDR:PORT (`127.0.0.1:9650`, `[::1]:9650`, `:9650`); `haapp run --metrics-listen` wins", "off"),
        K.String("notify_fifo", g => g.NotifyFifo, (g, v) => g.NotifyFifo = v, "FIFO that receives one line per state change"));
}
