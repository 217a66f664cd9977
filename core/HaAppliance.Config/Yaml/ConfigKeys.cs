namespace HaAppliance.Config.Yaml;

/// <summary>
/// The native schema's key names, per section. keepalived's own names where it has one,
/// so an operator who knows keepalived.conf can read a haapp.yaml.
/// </summary>
public static class ConfigKeys
{
    public static readonly string[] TopLevel = ["global", "checks", "notifiers", "instances", "sync_groups", "plugin_folders"];

    public static readonly string[] Global =
    [
        "router_id", "vrrp_version", "vrrp_mcast_group4", "vrrp_mcast_group6", "vrrp_strict", "v3_checksum_as_v2",
        "vip_backend", "script_user", "script_group", "enable_script_security", "script_timeout",
        "notification_email", "notification_email_from", "smtp_server", "smtp_port", "smtp_connect_timeout",
        "garp", "state_dir", "control_socket", "notify_fifo",
    ];

    public static readonly string[] Garp =
    [
        "master_delay", "master_repeat", "master_refresh", "master_refresh_repeat", "interval", "na_interval", "lower_prio_repeat", "lower_prio_delay",
    ];

    /// <summary>Keys the kernel's tracker reads; every other key of a check is the plugin's setting.</summary>
    public static readonly string[] CheckTracker = ["type", "interval", "timeout", "rise", "fall", "weight", "reverse", "init"];

    public static readonly string[] Instance =
    [
        "state", "interface", "virtual_router_id", "priority", "advert_int", "version", "preempt", "nopreempt",
        "preempt_delay", "fast_preempt", "accept", "authentication", "mcast_src_ip", "unicast_src_ip", "unicast_peer",
        "virtual_ipaddress", "virtual_ipaddress_excluded", "track_interface", "track_script", "track_file",
        "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notifiers", "smtp_alert",
        "garp", "vip_backend", "v3_checksum_as_v2",
    ];

    public static readonly string[] Authentication = ["auth_type", "auth_pass"];

    public static readonly string[] Vip = ["address", "dev", "label", "scope", "broadcast"];

    public static readonly string[] TrackRef = ["name", "weight", "reverse"];

    public static readonly string[] SyncGroup =
        ["group", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify", "notifiers", "smtp_alert"];
}
