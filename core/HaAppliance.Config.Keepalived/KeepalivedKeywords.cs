namespace HaAppliance.Config.Keepalived;

/// <summary>
/// keepalived's keywords per block (from its parsers, keepalived 2.2/2.3), split into those we map and
/// those we know but do not support. Unknown words are errors with a did-you-mean over both sets.
/// An unsupported keyword whose absence would change behaviour badly (a lost tracker, a different
/// multicast group, another namespace) is an error; the others are warnings. Both say "(line ignored)".
/// </summary>
internal static class KeepalivedKeywords
{
    public static readonly string[] Root =
        ["global_defs", "vrrp_instance", "vrrp_script", "vrrp_track_process", "track_file", "vrrp_track_file", "vrrp_sync_group"];

    /// <summary>Root keywords we do not support; true: an error.</summary>
    public static readonly Dictionary<string, bool> RootUnsupported = new(StringComparer.Ordinal)
    {
        ["virtual_server"] = false,
        ["virtual_server_group"] = false,
        ["real_server"] = false,
        ["bfd_instance"] = false,
        ["static_ipaddress"] = false,
        ["static_routes"] = false,
        ["static_rules"] = false,
        ["track_group"] = false,
        ["garp_group"] = false,
        ["linkbeat_interfaces"] = false,
        ["linkbeat_use_polling"] = false,
        ["interface_up_down_delays"] = false,
        ["use_pid_dir"] = false,
        ["instance"] = false,
        ["child_wait_time"] = false,
        ["SSL"] = false,
        // Running in another network namespace: ignoring it would manage the wrong interfaces.
        ["net_namespace"] = true,
        ["net_namespace_ipvs"] = false,
        ["namespace_with_ipsets"] = false,
    };

    public static readonly string[] Global =
    [
        "router_id", "notification_email", "notification_email_from", "smtp_server", "smtp_connect_timeout",
        "smtp_alert", "smtp_alert_vrrp", "script_user", "enable_script_security", "vrrp_version",
        "vrrp_garp_master_delay", "vrrp_garp_master_repeat", "vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat",
        "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat", "vrrp_garp_interval", "vrrp_gna_interval",
        "vrrp_mcast_group4", "vrrp_mcast_group6", "vrrp_strict", "notify_fifo", "vrrp_notify_fifo", "v3_checksum_as_v2",
        "vrrp_startup_delay", "vrrp_delay_after_boot",
    ];

    public static readonly Dictionary<string, bool> GlobalUnsupported = Warnings(
        "process_names", "process_name", "vrrp_process_name", "checker_process_name", "lvs_process_name", "bfd_process_name",
        "use_symlink_paths", "set_supplementary_groups", "smtp_helo_name", "startup_script", "startup_script_timeout",
        "shutdown_script", "shutdown_script_timeout", "max_auto_priority", "min_auto_priority_delay", "smtp_alert_checker",
        "checker_log_all_failures", "dynamic_interfaces", "no_email_faults", "default_interface", "disable_local_igmp",
        "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop", "lvs_flush_onstop", "lvs_sync_daemon", "vrrp_down_timer_adverts",
        "vrrp_min_garp", "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl", "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert",
        "vrrp_iptables", "vrrp_ipsets", "nftables", "nftables_priority", "nftables_ifindex", "vrrp_check_unicast_src",
        "vrrp_skip_check_adv_addr", "vrrp_priority", "vrrp_no_swap", "vrrp_rt_priority", "vrrp_cpu_affinity",
        "vrrp_rlimit_rttime", "vrrp_rlimit_rtime", "nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
        "nftables_counters", "notify_fifo_script", "vrrp_notify_fifo_script", "vrrp_notify_priority_changes",
        "fifo_write_vrrp_states_on_reload", "lvs_notify_fifo", "lvs_notify_fifo_script", "checker_priority", "checker_no_swap",
        "checker_rt_priority", "checker_cpu_affinity", "checker_rlimit_rttime", "checker_rlimit_rtime", "bfd_priority",
        "bfd_no_swap", "bfd_rt_priority", "bfd_cpu_affinity", "bfd_rlimit_rttime", "bfd_rlimit_rtime", "snmp_socket",
        "enable_traps", "enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_rfc", "enable_snmp_rfcv2",
        "enable_snmp_rfcv3", "enable_snmp_checker", "snmp_vs_stats_update_interval", "snmp_rs_stats_update_interval",
        "enable_dbus", "dbus_service_name", "dbus_no_interface_name", "vrrp_netlink_cmd_rcv_bufs",
        "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs", "vrrp_netlink_monitor_rcv_bufs_force",
        "process_monitor_rcv_bufs", "process_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs",
        "lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force",
        "rs_init_notifies", "no_checker_emails", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier",
        "log_unknown_vrids", "vrrp_owner_ignore_adverts", "vmac_prefix", "vmac_addr_prefix", "umask",
        "random_seed", "reload_check_config", "reload_time_file", "reload_repeat", "reload_file", "include_check",
        "config_save_dir", "tmp_config_directory", "data_use_instance", "json_version", "iproute_usr_dir", "iproute_etc_dir",
        "state_dump_file", "stats_dump_file", "json_dump_file", "linkbeat_use_polling", "net_namespace", "instance");

    public static readonly string[] Instance =
    [
        "state", "interface", "virtual_router_id", "priority", "advert_int", "version", "nopreempt", "preempt",
        "preempt_delay", "authentication", "mcast_src_ip", "unicast_src_ip", "unicast_peer", "virtual_ipaddress",
        "virtual_ipaddress_excluded", "track_interface", "track_script", "track_process", "track_file", "notify",
        "notify_master", "notify_backup", "notify_fault", "notify_stop", "smtp_alert", "garp_master_delay",
        "garp_master_repeat", "garp_master_refresh", "garp_master_refresh_repeat", "garp_lower_prio_delay",
        "garp_lower_prio_repeat", "accept", "no_accept", "v3_checksum_as_v2",
    ];

    public static readonly Dictionary<string, bool> InstanceUnsupported = Merge(
        Warnings(
            "use_vmac", "use_vmac_addr", "vmac_xmit_base", "use_ipvlan", "unicast_fault_no_peer", "check_unicast_src",
            "native_ipv6", "dont_track_primary", "track_src_ip", "unicast_ttl", "no_virtual_ipaddress", "promote_secondaries",
            "linkbeat_use_polling", "virtual_routes", "virtual_rules", "skip_check_adv_addr", "strict_mode", "debug",
            "notify_deleted", "notify_master_rx_lower_pri", "notify_priority_changes", "lvs_sync_daemon_interface",
            "down_timer_adverts", "timer_expired_backup", "thread_timer_expired", "garp_extra_if", "vmac_garp_intvl",
            "lower_prio_no_advert", "higher_prio_send_advert", "owner_ignore_adverts", "kernel_rx_buf_size"),
        // Ignoring these would lose a fault source, talk to another group or checksum than the peers, or bind elsewhere.
        Errors("track_bfd", "mcast_dst_ip", "old_unicast_checksum", "vrf"));

    public static readonly string[] Authentication = ["auth_type", "auth_pass"];

    public static readonly Dictionary<string, bool> AuthenticationUnsupported =
        Errors("auth_hmac", "key", "active_key", "time_window", "anti_replay", "mode");

    public static readonly string[] Script = ["script", "interval", "timeout", "weight", "rise", "fall", "user", "init_fail"];

    public static readonly string[] TrackProcess =
        ["process", "param_match", "weight", "quorum", "quorum_max", "delay", "terminate_delay", "fork_delay", "full_command"];

    public static readonly string[] TrackFile = ["file", "weight", "init_file"];

    public static readonly string[] SyncGroup =
    [
        "group", "notify", "notify_master", "notify_backup", "notify_fault", "notify_stop", "smtp_alert",
        "track_interface", "track_script", "track_process", "track_file", "sync_group_tracking_weight", "global_tracking",
    ];

    public static readonly Dictionary<string, bool> SyncGroupUnsupported = Merge(
        Warnings("notify_priority_changes"),
        // A group's trackers put the whole group in fault; dropping them would keep a broken node master.
        Errors("track_bfd"));

    private static Dictionary<string, bool> Warnings(params string[] names) => names.ToDictionary(n => n, _ => false, StringComparer.Ordinal);

    private static Dictionary<string, bool> Errors(params string[] names) => names.ToDictionary(n => n, _ => true, StringComparer.Ordinal);

    private static Dictionary<string, bool> Merge(Dictionary<string, bool> a, Dictionary<string, bool> b)
    {
        foreach (var (k, v) in b)
        {
            a[k] = v;
        }

        return a;
    }
}
