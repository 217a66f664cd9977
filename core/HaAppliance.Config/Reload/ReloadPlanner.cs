namespace HaAppliance.Config.Reload;

/// <summary>
/// Compares two configurations and decides, per instance, the least disruptive way to apply the new one.
/// A change to what identifies the virtual router on the wire (VRID, interface, version, family) needs a
/// new router; everything else (priority, timers, VIPs, checks, notifiers) a running router can take in
/// place, so a reload does not cause a needless failover. Pure: no daemon state is touched.
/// </summary>
public static class ReloadPlanner
{
    public static ReloadPlan Plan(HaConfig old, HaConfig @new)
    {
        var result = new List<InstanceChange>();
        var oldByName = old.Instances.GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var newNames = new HashSet<string>(@new.Instances.Select(i => i.Name), StringComparer.Ordinal);

        foreach (var n in @new.Instances)
        {
            if (!oldByName.TryGetValue(n.Name, out var o))
            {
                result.Add(new InstanceChange(n.Name, InstanceChangeKind.Added, []));
                continue;
            }

            result.Add(PlanInstance(o, old, n, @new));
        }

        foreach (var o in old.Instances)
        {
            if (!newNames.Contains(o.Name))
            {
                result.Add(new InstanceChange(o.Name, InstanceChangeKind.Removed, []));
            }
        }

        return new ReloadPlan(result, GlobalChanges(old, @new));
    }

    private static InstanceChange PlanInstance(InstanceConfig o, HaConfig oldConfig, InstanceConfig n, HaConfig newConfig)
    {
        var restart = new List<string>();
        var oldVersion = o.Version ?? oldConfig.Global.VrrpVersion;
        var newVersion = n.Version ?? newConfig.Global.VrrpVersion;
        Diff(restart, "virtual_router_id", o.VirtualRouterId, n.VirtualRouterId);
        Diff(restart, "interface", o.Interface, n.Interface);
        Diff(restart, "version", oldVersion, newVersion);
        Diff(restart, "family", Family(o), Family(n));
        if (restart.Count > 0)
        {
            return new InstanceChange(n.Name, InstanceChangeKind.Restart, restart);
        }

        var changes = new List<string>();
        Diff(changes, "priority", o.EffectivePriority, n.EffectivePriority);
        Diff(changes, "state", o.State, n.State);
        Diff(changes, "advert_int", Duration.Format(o.AdvertInterval), Duration.Format(n.AdvertInterval));
        Diff(changes, "preempt", o.Preempt, n.Preempt);
        Diff(changes, "preempt_delay", Duration.Format(o.PreemptDelay), Duration.Format(n.PreemptDelay));
        Diff(changes, "fast_preempt", o.FastPreempt, n.FastPreempt);
        Diff(changes, "accept", o.Accept, n.Accept);
        Diff(changes, "authentication", $"{o.AuthType}/{o.AuthPass}", $"{n.AuthType}/{n.AuthPass}", show: false);
        Diff(changes, "mcast_src_ip", o.McastSrcIp?.ToString(), n.McastSrcIp?.ToString());
        Diff(changes, "unicast_src_ip", o.UnicastSrcIp?.ToString(), n.UnicastSrcIp?.ToString());
        SetDiff(changes, "unicast_peer", o.UnicastPeers.Select(p => p.ToString()), n.UnicastPeers.Select(p => p.ToString()));

        var oldVips = o.VirtualAddresses.Select(VipKey).ToHashSet(StringComparer.Ordinal);
        var newVips = n.VirtualAddresses.Select(VipKey).ToHashSet(StringComparer.Ordinal);
        var vipsAdded = n.VirtualAddresses.Where(v => !oldVips.Contains(VipKey(v))).ToList();
        var vipsRemoved = o.VirtualAddresses.Where(v => !newVips.Contains(VipKey(v))).ToList();
        if (vipsAdded.Count > 0)
        {
            changes.Add($"VIPs added: {string.Join(", ", vipsAdded.Select(VipKey))}");
        }

        if (vipsRemoved.Count > 0)
        {
            changes.Add($"VIPs removed: {string.Join(", ", vipsRemoved.Select(VipKey))}");
        }

        SetDiff(changes, "virtual_ipaddress_excluded", o.ExcludedAddresses.Select(VipKey), n.ExcludedAddresses.Select(VipKey));
        SetDiff(changes, "track_interface", o.TrackInterfaces.Select(TrackKey), n.TrackInterfaces.Select(TrackKey));
        SetDiff(changes, "track_file", o.TrackFiles.Select(TrackKey), n.TrackFiles.Select(TrackKey));
        SetDiff(changes, "checks", o.TrackChecks.Select(TrackKey), n.TrackChecks.Select(TrackKey));

        // A tracked check whose definition changed (command, interval, weight...) changes this instance too.
        foreach (var t in n.TrackChecks)
        {
            var oc = oldConfig.Checks.FirstOrDefault(c => c.Name == t.Name);
            var nc = newConfig.Checks.FirstOrDefault(c => c.Name == t.Name);
            if (oc is not null && nc is not null && o.TrackChecks.Any(r => r.Name == t.Name) && CheckKey(oc) != CheckKey(nc))
            {
                changes.Add($"check {t.Name} changed");
            }
        }

        SetDiff(changes, "notifiers", o.Notifiers, n.Notifiers);
        Diff(changes, "notify scripts", NotifyKey(o.Notify), NotifyKey(n.Notify), show: false);
        Diff(changes, "smtp_alert", o.SmtpAlert, n.SmtpAlert);
        Diff(changes, "garp", o.Garp is null ? "" : GarpKey(o.Garp), n.Garp is null ? "" : GarpKey(n.Garp), show: false);
        Diff(changes, "vip_backend", o.VipBackend ?? oldConfig.Global.VipBackend, n.VipBackend ?? newConfig.Global.VipBackend);
        Diff(changes, "v3_checksum_as_v2", o.V3ChecksumAsV2 ?? oldConfig.Global.V3ChecksumAsV2, n.V3ChecksumAsV2 ?? newConfig.Global.V3ChecksumAsV2);

        return new InstanceChange(n.Name, changes.Count == 0 ? InstanceChangeKind.Unchanged : InstanceChangeKind.UpdateInPlace, changes)
        {
            VipsAdded = vipsAdded,
            VipsRemoved = vipsRemoved,
        };
    }

    private static List<string> GlobalChanges(HaConfig o, HaConfig n)
    {
        var changes = new List<string>();
        Diff(changes, "router_id", o.Global.RouterId, n.Global.RouterId);
        Diff(changes, "vrrp_mcast_group4", o.Global.McastGroup4.ToString(), n.Global.McastGroup4.ToString());
        Diff(changes, "vrrp_mcast_group6", o.Global.McastGroup6.ToString(), n.Global.McastGroup6.ToString());
        Diff(changes, "vrrp_strict", o.Global.Strict, n.Global.Strict);
        Diff(changes, "garp", GarpKey(o.Global.Garp), GarpKey(n.Global.Garp), show: false);
        Diff(changes, "state_dir", o.Global.StateDir, n.Global.StateDir);
        Diff(changes, "control_socket", o.Global.ControlSocket, n.Global.ControlSocket);
        SetDiff(changes, "plugin_folders", o.PluginFolders, n.PluginFolders);
        SetDiff(changes, "checks defined", o.Checks.Select(c => c.Name), n.Checks.Select(c => c.Name));
        SetDiff(changes, "notifiers defined", o.Notifiers.Select(c => c.Name), n.Notifiers.Select(c => c.Name));
        foreach (var nn in n.Notifiers)
        {
            if (o.Notifiers.FirstOrDefault(x => x.Name == nn.Name) is { } on && (on.Type != nn.Type || SettingsKey(on.Settings) != SettingsKey(nn.Settings)))
            {
                changes.Add($"notifier {nn.Name} changed");
            }
        }

        SetDiff(changes, "sync groups", o.SyncGroups.Select(g => $"{g.Name}[{string.Join(",", g.Instances)}]"), n.SyncGroups.Select(g => $"{g.Name}[{string.Join(",", g.Instances)}]"));
        return changes;
    }

    private static void Diff<T>(List<string> changes, string what, T old, T @new, bool show = true)
    {
        if (!EqualityComparer<T>.Default.Equals(old, @new))
        {
            changes.Add(show ? $"{what} {Show(old)} -> {Show(@new)}" : $"{what} changed");
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "(unset)",
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    private static void SetDiff(List<string> changes, string what, IEnumerable<string> old, IEnumerable<string> @new)
    {
        var o = old.ToHashSet(StringComparer.Ordinal);
        var n = @new.ToHashSet(StringComparer.Ordinal);
        var added = n.Except(o).ToList();
        var removed = o.Except(n).ToList();
        if (added.Count > 0)
        {
            changes.Add($"{what} added: {string.Join(", ", added)}");
        }

        if (removed.Count > 0)
        {
            changes.Add($"{what} removed: {string.Join(", ", removed)}");
        }
    }

    private static string Family(InstanceConfig i) => i.Family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static string VipKey(VipConfig v) =>
        $"{v.Address}/{v.PrefixLength}" + (v.Device is null ? "" : $" dev {v.Device}") + (v.Label is null ? "" : $" label {v.Label}")
        + (v.Scope is null ? "" : $" scope {v.Scope}") + (v.Broadcast is null ? "" : $" brd {v.Broadcast}");

    private static string TrackKey(TrackRef t) => t.Name + (t.Weight is { } w ? $" weight {w}" : "") + (t.Reverse ? " reverse" : "");

    private static string NotifyKey(NotifyScripts n) => string.Join("\n", n.Master, n.Backup, n.Fault, n.Stop, n.Any);

    private static string GarpKey(GarpConfig g) =>
        string.Join(",", g.MasterDelay, g.MasterRepeat, g.MasterRefresh, g.MasterRefreshRepeat, g.Interval, g.NaInterval, g.LowerPrioRepeat);

    private static string CheckKey(CheckConfig c) =>
        string.Join("|", c.Type, c.Interval, c.Timeout, c.Rise, c.Fall, c.Weight, c.Reverse, c.InitiallyHealthy, SettingsKey(c.Settings));

    private static string SettingsKey(PluginSettings s) =>
        string.Join("\n", s.Values.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => $"{kv.Key}={kv.Value}"));

}
