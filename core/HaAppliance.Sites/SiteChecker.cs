using System.Globalization;
using HaAppliance.Config;

namespace HaAppliance.Sites;

/// <summary>
/// Checks that the nodes of a site agree: instances are paired by (interface, family, VRID) and compared, and the
/// priorities and tracker weights are evaluated the way the routers will evaluate them. A consistent site gives
/// no finding.
/// </summary>
public static class SiteChecker
{
    public static IReadOnlyList<SiteFinding> Check(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var findings = new List<SiteFinding>();
        foreach (var group in site.Groups)
        {
            if (group.Count == 1)
            {
                CheckLone(site, group[0], findings);
            }
            else if (!CheckSameRouter(group, findings))
            {
                CheckAgreement(group, findings);
                CheckUnicast(group, findings);
                CheckPriorities(group, findings);
            }
        }

        CheckSyncGroups(site, findings);

        // Deduplicate (a lone pair is seen from both sides) and keep a stable order: errors first, then by place.
        return [.. findings.DistinctBy(f => f.ToString())
            .OrderBy(f => f.Severity)
            .ThenBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)];
    }

    private static string Where(SiteInstance i) => $"{i.Name} ({i.Key})";

    private static SiteFinding Finding(SiteFindingKind kind, SiteInstance at, string key, string message, params SiteInstance[] others) =>
        new(kind, at.Config.Where(key), message, [.. others.Select(o => (o.Node.Name, o.Config.Where(key)))]);

    /// <summary>Different names or disjoint VIP sets on one key: two virtual routers fighting over one VRID.</summary>
    private static bool CheckSameRouter(IReadOnlyList<SiteInstance> group, List<SiteFinding> findings)
    {
        var first = group[0];
        var found = false;
        foreach (var other in group.Skip(1))
        {
            if (!string.Equals(other.Name, first.Name, StringComparison.Ordinal))
            {
                findings.Add(Finding(SiteFindingKind.VridConflict, first, "virtual_router_id",
                    $"{first.Key} is {first.Name} on {first.Node.Name} but {other.Name} on {other.Node.Name}: another router on the segment uses this VRID; " +
                    "one VRID is one virtual router", other));
                found = true;
            }
            else if (!Vips(first).Overlaps(Vips(other)) && (Vips(first).Count > 0 || Vips(other).Count > 0))
            {
                findings.Add(Finding(SiteFindingKind.VridConflict, first, "virtual_ipaddress",
                    $"{Where(first)} protects {List(Vips(first))} on {first.Node.Name} but {List(Vips(other))} on {other.Node.Name}: " +
                    "no VIP in common, so these are two virtual routers sharing one VRID", other));
                found = true;
            }
        }

        return found;
    }

    private static void CheckAgreement(IReadOnlyList<SiteInstance> group, List<SiteFinding> findings)
    {
        var first = group[0];
        foreach (var other in group.Skip(1))
        {
            if (other.Version != first.Version)
            {
                findings.Add(new SiteFinding(SiteFindingKind.VersionMismatch, VersionWhere(first),
                    $"{Where(first)} runs VRRP version {first.Version} on {first.Node.Name} but {other.Version} on {other.Node.Name}: each discards the other's adverts and both become master",
                    [(other.Node.Name, VersionWhere(other))]));
            }
            else if (first.Version == 2 && other.AdvertIntervalCentiseconds != first.AdvertIntervalCentiseconds)
            {
                findings.Add(Finding(SiteFindingKind.AdvertIntervalMismatch, first, "advert_int",
                    $"{Where(first)} advertises every {Duration.Format(first.Config.AdvertInterval)} on {first.Node.Name} but every {Duration.Format(other.Config.AdvertInterval)} on {other.Node.Name}: " +
                    "VRRPv2 discards adverts with another interval (RFC 3768 §7.1) and both become master", other));
            }

            if (AuthType(first) != AuthType(other))
            {
                findings.Add(Finding(SiteFindingKind.AuthenticationMismatch, first, "auth_type",
                    $"{Where(first)} uses authentication {AuthType(first)} on {first.Node.Name} but {AuthType(other)} on {other.Node.Name}: each discards the other's adverts and both become master", other));
            }
            else if (AuthType(first) == "PASS" && WirePassword(first) != WirePassword(other))
            {
                findings.Add(Finding(SiteFindingKind.AuthenticationMismatch, first, "auth_pass",
                    $"{Where(first)} auth_pass differs between {first.Node.Name} and {other.Node.Name} (compared as sent: the first 8 characters): " +
                    "each discards the other's adverts and both become master", other));
            }

            var mine = Vips(first);
            var theirs = Vips(other);
            if (!mine.SetEquals(theirs))
            {
                var only = mine.Except(theirs).Select(v => $"{v} only on {first.Node.Name}")
                    .Concat(theirs.Except(mine).Select(v => $"{v} only on {other.Node.Name}"));
                findings.Add(Finding(SiteFindingKind.VipsDiffer, first, "virtual_ipaddress",
                    $"{Where(first)} VIPs differ: {string.Join(", ", only)}; fine during a rolling change, a lost address after a failover otherwise", other));
            }
        }
    }

    private static void CheckUnicast(IReadOnlyList<SiteInstance> group, List<SiteFinding> findings)
    {
        foreach (var a in group)
        {
            foreach (var b in group.Where(b => !ReferenceEquals(a, b)))
            {
                var aUnicast = a.Config.UnicastPeers.Count > 0;
                var bUnicast = b.Config.UnicastPeers.Count > 0;
                if (aUnicast != bUnicast && a.NodeIndex < b.NodeIndex)
                {
                    var (uni, multi) = aUnicast ? (a, b) : (b, a);
                    findings.Add(new SiteFinding(SiteFindingKind.UnicastPeerMismatch, a.Config.Where(aUnicast ? "unicast_peer" : "interface"),
                        $"{Where(a)} sends unicast on {uni.Node.Name} but multicast on {multi.Node.Name}: neither hears the other and both become master",
                        [(b.Node.Name, b.Config.Where(bUnicast ? "unicast_peer" : "interface"))]));
                }
                else if (aUnicast && bUnicast && !b.AddressIsSynthetic && !a.Config.UnicastPeers.Contains(b.PrimaryAddress))
                {
                    findings.Add(new SiteFinding(SiteFindingKind.UnicastPeerMismatch, a.Config.Where("unicast_peer"),
                        $"{Where(a)} on {a.Node.Name}: unicast_peer does not list {b.Node.Name}'s address {b.PrimaryAddress} " +
                        $"(peers: {string.Join(", ", a.Config.UnicastPeers)}): {b.Node.Name} never hears {a.Node.Name}'s adverts",
                        [(b.Node.Name, b.Config.Where(b.Config.UnicastSrcIp is not null ? "unicast_src_ip" : "mcast_src_ip"))]));
                }
            }
        }
    }

    private static void CheckPriorities(IReadOnlyList<SiteInstance> group, List<SiteFinding> findings)
    {
        foreach (var tie in group.GroupBy(i => i.BasePriority).Where(g => g.Count() > 1))
        {
            var tied = tie.ToList();
            var winner = tied.Aggregate((x, y) => AddressComparer.Compare(y.PrimaryAddress, x.PrimaryAddress) > 0 ? y : x);
            var assumed = tied.Any(t => t.AddressIsSynthetic)
                ? "; no unicast_src_ip or mcast_src_ip names the addresses, so the interfaces' primary addresses decide (assumed here: 198.18.0.N by node order)"
                : "";
            findings.Add(Finding(SiteFindingKind.EqualPriority, tied[0], "priority",
                $"{Where(tied[0])} has priority {tie.Key} on {string.Join(" and ", tied.Select(t => t.Node.Name))}: the tie goes to the higher primary address, " +
                $"{winner.Node.Name} ({winner.PrimaryAddress}) wins{assumed}", [.. tied.Skip(1)]));
        }

        foreach (var master in group.Where(i => i.Config.State == InitialState.Master))
        {
            var nopreempt = group.Where(i => !i.Config.Preempt).ToList();
            if (master.Config.Preempt && nopreempt.Count > 0)
            {
                findings.Add(new SiteFinding(SiteFindingKind.PreemptAtBoot, master.Config.Where("state"),
                    $"{Where(master)} has state MASTER on {master.Node.Name} and preempts when it boots, while {string.Join(", ", nopreempt.Select(n => n.Node.Name))} " +
                    "has nopreempt: the VIP moves back after every restart of " + master.Node.Name + "; use state BACKUP on every node with nopreempt",
                    [.. nopreempt.Select(n => (n.Node.Name, n.Config.Where(n.Config.KeyLocations.ContainsKey("nopreempt") ? "nopreempt" : "preempt")))]));
            }
        }

        CheckWeights(group, findings);
    }

    /// <summary>
    /// The intended master is the node with <c>state MASTER</c> (when exactly one has it), else the highest base
    /// priority. A backup whose failing check still outranks it, or an intended master whose every failing check
    /// still outranks the best backup, means the weights cannot do their job.
    /// </summary>
    private static void CheckWeights(IReadOnlyList<SiteInstance> group, List<SiteFinding> findings)
    {
        var masters = group.Where(i => i.Config.State == InitialState.Master).ToList();
        var intended = masters.Count == 1
            ? masters[0]
            : group.Aggregate((x, y) => y.Outranks(y.BasePriority, x, x.BasePriority) ? y : x);
        if (intended.PriorityWith([]) is not { } healthy)
        {
            return;
        }

        foreach (var backup in group.Where(i => !ReferenceEquals(i, intended)))
        {
            foreach (var tracker in backup.Trackers.Where(t => t.Weight != 0))
            {
                if (backup.PriorityWith([tracker.Id]) is { } failing && backup.Outranks(failing, intended, healthy))
                {
                    findings.Add(new SiteFinding(SiteFindingKind.IneffectiveWeights, TrackWhere(backup, tracker),
                        $"{Where(backup)} on {backup.Node.Name} with {tracker.Name} failing has effective priority {failing} and still outranks healthy {intended.Node.Name} ({healthy}): " +
                        $"the VIP goes to the node whose check fails ({Priorities(group)})",
                        [(intended.Node.Name, intended.Config.Where("priority"))]));
                }
            }
        }

        var weighted = intended.Trackers.Where(t => t.Weight != 0 && t.Kind != SiteTrackerKind.Interface).ToList();
        if (weighted.Count == 0 || intended.Trackers.Any(t => t.Weight == 0 && t.Kind != SiteTrackerKind.Interface))
        {
            return;
        }

        var allFailing = intended.PriorityWith(weighted.Select(t => t.Id));
        var best = group.Where(i => !ReferenceEquals(i, intended))
            .Select(i => (Instance: i, Priority: i.PriorityWith([])))
            .Where(p => p.Priority is not null)
            .OrderByDescending(p => p.Priority)
            .FirstOrDefault();
        if (allFailing is { } f && best.Instance is { } b && intended.Outranks(f, b, best.Priority!.Value))
        {
            findings.Add(new SiteFinding(SiteFindingKind.IneffectiveWeights, TrackWhere(intended, weighted[0]),
                $"{Where(intended)} on {intended.Node.Name} with every check failing ({string.Join(", ", weighted.Select(t => t.Name))}) has effective priority {f} " +
                $"and still outranks healthy {b.Node.Name} ({best.Priority}): its checks can never move the VIP ({Priorities(group)})",
                [(b.Node.Name, b.Config.Where("priority"))]));
        }
    }

    /// <summary>Each node's effective priority, healthy and with its weighted checks failing.</summary>
    private static string Priorities(IReadOnlyList<SiteInstance> group) => "effective priorities: " + string.Join(", ", group.Select(i =>
    {
        var weighted = i.Trackers.Where(t => t.Weight != 0).Select(t => t.Id).ToList();
        var healthy = i.PriorityWith([])?.ToString(CultureInfo.InvariantCulture) ?? "fault";
        var failing = weighted.Count == 0 ? "" : $", {i.PriorityWith(weighted)?.ToString(CultureInfo.InvariantCulture) ?? "fault"} failing";
        return $"{i.Node.Name} {healthy} healthy{failing}";
    }));

    /// <summary>A key alone on one node is fine, unless another node has its name or its VRID: then they fail to pair.</summary>
    private static void CheckLone(Site site, SiteInstance lone, List<SiteFinding> findings)
    {
        foreach (var other in site.Instances.Where(o => o.NodeIndex != lone.NodeIndex))
        {
            var sameName = string.Equals(other.Name, lone.Name, StringComparison.Ordinal);
            if (sameName && other.Key.Family != lone.Key.Family)
            {
                var (a, b) = lone.NodeIndex < other.NodeIndex ? (lone, other) : (other, lone);
                findings.Add(Finding(SiteFindingKind.FamilyMismatch, a, "virtual_ipaddress",
                    $"{a.Name} runs over {a.Key.Family} on {a.Node.Name} but {b.Key.Family} on {b.Node.Name}: they never hear each other", b));
            }
            else if (sameName || (other.Key.Vrid == lone.Key.Vrid && other.Key.Family == lone.Key.Family))
            {
                findings.Add(Finding(SiteFindingKind.LoneInstance, lone, "virtual_router_id",
                    $"{Where(lone)} is on {lone.Node.Name} only, but {other.Node.Name} has {Where(other)}: they do not pair (interface, family and VRID must all match) " +
                    "and each becomes master of its own", other));
            }
        }
    }

    private static void CheckSyncGroups(Site site, List<SiteFinding> findings)
    {
        var names = site.Nodes.SelectMany(n => n.Config.SyncGroups.Select(g => g.Name)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var having = site.Nodes.Select(n => (Node: n, Group: n.Config.SyncGroups.FirstOrDefault(g => g.Name == name)))
                .Where(x => x.Group is not null).Select(x => (x.Node, Group: x.Group!)).ToList();
            var (firstNode, first) = having[0];
            var members = first.Instances.ToHashSet(StringComparer.Ordinal);
            foreach (var (node, group) in having.Skip(1))
            {
                if (!members.SetEquals(group.Instances))
                {
                    findings.Add(new SiteFinding(SiteFindingKind.SyncGroupMismatch, first.Where("group"),
                        $"sync group {name} has {List(first.Instances)} on {firstNode.Name} but {List(group.Instances)} on {node.Name}: the instances fail over together on one node and not on the other",
                        [(node.Name, group.Where("group"))]));
                }
            }

            foreach (var node in site.Nodes.Where(n => having.All(h => h.Node != n)))
            {
                var runs = node.Config.Instances.Where(i => members.Contains(i.Name)).ToList();
                if (runs.Count > 0)
                {
                    findings.Add(new SiteFinding(SiteFindingKind.SyncGroupMismatch, first.Where("group"),
                        $"sync group {name} ({List(first.Instances)}) is on {firstNode.Name} but not on {node.Name}, which runs {List(runs.Select(r => r.Name))} on their own: " +
                        "the instances can end up mastered on different nodes",
                        [(node.Name, runs[0].Location)]));
                }
            }
        }
    }

    private static SourceLocation VersionWhere(SiteInstance i) =>
        i.Config.KeyLocations.ContainsKey("version") ? i.Config.Where("version") : i.Node.Config.Global.Where("vrrp_version") is { Line: > 0 } g ? g : i.Config.Location;

    private static SourceLocation TrackWhere(SiteInstance i, SiteTracker t)
    {
        var (list, key) = t.Kind switch
        {
            SiteTrackerKind.Check => (i.Config.TrackChecks, "track_script"),
            SiteTrackerKind.File => (i.Config.TrackFiles, "track_file"),
            _ => (i.Config.TrackInterfaces, "track_interface"),
        };
        return list.FirstOrDefault(r => r.Name == t.Name) is { Location.Line: > 0 } r ? r.Location : i.Config.Where(key);
    }

    private static string AuthType(SiteInstance i) => i.Config.AuthType is null or "" ? "NONE" : i.Config.AuthType.ToUpperInvariant();

    // keepalived sends at most 8 characters of auth_pass (RFC 3768 §5.3.10: 8 octets).
    private static string WirePassword(SiteInstance i)
    {
        var pass = i.Config.AuthPass ?? "";
        return pass.Length > 8 ? pass[..8] : pass;
    }

    // A prefix not written is keepalived's default: /32 or /128.
    private static HashSet<string> Vips(SiteInstance i) => i.Config.VirtualAddresses
        .Select(v => $"{v.Address}/{(v.PrefixLength > 0 ? v.PrefixLength : v.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}")
        .ToHashSet(StringComparer.Ordinal);

    private static string List(IEnumerable<string> items) => string.Join(", ", items.Order(StringComparer.Ordinal));
}
