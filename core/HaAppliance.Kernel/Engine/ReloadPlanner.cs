using System.Globalization;
using HaAppliance.Abstractions;
using HaAppliance.Kernel.Tracking;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel;

/// <summary>
/// Compares the running node with a new one and decides, per instance, the least disruptive change. What
/// identifies the virtual router on the wire (VRID, interface, family, version, authentication, where adverts go
/// and come from) or who owns its addresses (the VIP backend) needs a new router; everything else a running router
/// takes in place, so a reload causes no needless failover (RFC 9568 §6.1 lets priority, interval, preemption and
/// addresses change). Checks and notifiers are compared by their settings, not by their plugin objects. Pure.
/// </summary>
public static class ReloadPlanner
{
    public static ReloadPlan Plan(NodeSpec old, NodeSpec @new)
    {
        var instances = new List<InstanceChange>();
        var oldByName = old.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var n in @new.Instances)
        {
            instances.Add(oldByName.TryGetValue(n.Name, out var o)
                ? PlanInstance(o, n)
                : new InstanceChange(n.Name, InstanceChangeKind.Added, []) { New = n });
        }

        var newNames = @new.Instances.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        instances.AddRange(old.Instances.Where(o => !newNames.Contains(o.Name))
            .Select(o => new InstanceChange(o.Name, InstanceChangeKind.Removed, []) { Old = o }));

        var checks = Items(
            old.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal),
            @new.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal),
            @new.Checks.Select(c => c.Name),
            (a, b) => a with { Check = b.Check } == b);
        var notifiers = Items(old.Notifiers, @new.Notifiers, @new.Notifiers.Keys.Order(StringComparer.Ordinal), string.Equals);
        return new ReloadPlan(instances, checks, notifiers);
    }

    private static List<ItemChange> Items<T>(
        IReadOnlyDictionary<string, T> old, IReadOnlyDictionary<string, T> @new, IEnumerable<string> newOrder, Func<T, T, bool> same)
    {
        var result = newOrder.Select(name => new ItemChange(name,
            !old.TryGetValue(name, out var o) ? ItemChangeKind.Added
            : same(o, @new[name]) ? ItemChangeKind.Unchanged : ItemChangeKind.Changed)).ToList();
        result.AddRange(old.Keys.Where(k => !@new.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => new ItemChange(k, ItemChangeKind.Removed)));
        return result;
    }

    private static InstanceChange PlanInstance(InstanceSpec o, InstanceSpec n)
    {
        var restart = new List<string>();
        Diff(restart, "virtual_router_id", o.Router.Vrid, n.Router.Vrid);
        Diff(restart, "interface", o.Endpoint.Interface, n.Endpoint.Interface);
        if (o.Endpoint.Interface == n.Endpoint.Interface)
        {
            Diff(restart, $"interface {n.Endpoint.Interface} index", o.Endpoint.IfIndex, n.Endpoint.IfIndex);
        }

        Diff(restart, "family", o.Endpoint.Family, n.Endpoint.Family);
        Diff(restart, "version", Version(o.Router.Version), Version(n.Router.Version));
        if (o.AuthPass != n.AuthPass)
        {
            restart.Add("authentication changed");
        }

        Diff(restart, o.Endpoint.Unicast || n.Endpoint.Unicast ? "unicast_peer" : "multicast group", Join(o.Endpoint), Join(n.Endpoint));
        Diff(restart, "source address", o.Endpoint.Source, n.Endpoint.Source);
        Diff(restart, "vip_backend", o.VipBackend, n.VipBackend);
        if (restart.Count > 0)
        {
            return new InstanceChange(n.Name, InstanceChangeKind.Restart, restart) { Old = o, New = n };
        }

        var changes = new List<string>();
        Diff(changes, "priority", o.Router.Priority, n.Router.Priority);
        Diff(changes, "state", o.Router.StartAsMaster ? "MASTER" : "BACKUP", n.Router.StartAsMaster ? "MASTER" : "BACKUP");
        Diff(changes, "advert_int", Format(TimeSpan.FromMilliseconds(o.Router.AdvertIntervalCentiseconds * 10)), Format(TimeSpan.FromMilliseconds(n.Router.AdvertIntervalCentiseconds * 10)));
        Diff(changes, "preempt", o.Router.Preempt, n.Router.Preempt);
        Diff(changes, "preempt_delay", Format(o.Router.PreemptDelay), Format(n.Router.PreemptDelay));
        Diff(changes, "fast_preempt", o.Router.FastPreempt, n.Router.FastPreempt);
        Diff(changes, "accept", o.Router.AcceptMode, n.Router.AcceptMode);
        SetDiff(changes, "VIPs", o.Vips.Select(Key), n.Vips.Select(Key));
        SetDiff(changes, "virtual_ipaddress_excluded", o.ExcludedVips.Select(Key), n.ExcludedVips.Select(Key));
        SetDiff(changes, "track_script", o.Checks.Select(Key), n.Checks.Select(Key));
        SetDiff(changes, "track_interface", o.Interfaces.Select(Key), n.Interfaces.Select(Key));
        Diff(changes, "v3_checksum_as_v2", o.ChecksumWithoutPseudoHeader, n.ChecksumWithoutPseudoHeader);
        if (o.Garp != n.Garp)
        {
            changes.Add("garp changed");
        }

        Diff(changes, "sync group", o.SyncGroup, n.SyncGroup);
        if (changes.Count == 0 && !o.Router.SameSettingsAs(n.Router))
        {
            changes.Add("router settings changed"); // a router option this list does not name yet
        }

        return new InstanceChange(n.Name, changes.Count == 0 ? InstanceChangeKind.Unchanged : InstanceChangeKind.InPlace, changes) { Old = o, New = n };
    }

    private static string Version(VrrpVersion v) => v == VrrpVersion.V2 ? "2" : "3";

    private static string Join(TransportEndpoint e) => string.Join(" ", e.Destinations.Select(d => d.ToString()));

    private static string Key(VipAddress v) =>
        $"{v.Address}/{v.PrefixLength}" + $" dev {v.Device}" + (v.Label is null ? "" : $" label {v.Label}")
        + (v.Scope is null ? "" : $" scope {v.Scope}") + (v.Broadcast is null ? "" : $" brd {v.Broadcast}");

    private static string Key(InstanceTrack t) => t.Name + $" weight {t.Weight}" + (t.Reverse ? " reverse" : "");

    private static string Format(TimeSpan t) => t.TotalMilliseconds % 1000 == 0
        ? ((long)t.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
        : ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static void Diff<T>(List<string> changes, string what, T old, T @new)
    {
        if (!EqualityComparer<T>.Default.Equals(old, @new))
        {
            changes.Add($"{what} {Show(old)} -> {Show(@new)}");
        }
    }

    private static string Show<T>(T value) => value switch
    {
        null => "(unset)",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static void SetDiff(List<string> changes, string what, IEnumerable<string> old, IEnumerable<string> @new)
    {
        var o = old.ToHashSet(StringComparer.Ordinal);
        var n = @new.ToHashSet(StringComparer.Ordinal);
        var added = n.Where(x => !o.Contains(x)).ToList();
        var removed = o.Where(x => !n.Contains(x)).ToList();
        if (added.Count > 0)
        {
            changes.Add($"{what} added: {string.Join(", ", added)}");
        }

        if (removed.Count > 0)
        {
            changes.Add($"{what} removed: {string.Join(", ", removed)}");
        }
    }
}
