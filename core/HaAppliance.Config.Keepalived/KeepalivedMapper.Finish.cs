using System.Net.Sockets;

namespace HaAppliance.Config.Keepalived;

/// <summary>
/// The rules keepalived applies once the whole configuration is read (vrrp.c <c>vrrp_complete_instance</c>):
/// defaults that depend on other keywords, advert_int rounding, and references between blocks.
/// </summary>
internal sealed partial class KeepalivedMapper
{
    private readonly List<(SyncGroupConfig Group, KeepalivedToken Word)> _groupMembers = [];

    private void Finish()
    {
        var instancesByName = new Dictionary<string, InstanceConfig>(StringComparer.Ordinal);
        foreach (var inst in _config.Instances)
        {
            if (!instancesByName.TryAdd(inst.Name, inst))
            {
                Error(inst.Location, $"vrrp_instance {inst.Name} is defined twice (first at {instancesByName[inst.Name].Location})");
            }

            CompleteInstance(inst);
        }

        // Two instances with the same VRID on one interface and family would fight over one virtual MAC (RFC 5798 §7.3).
        foreach (var clash in _config.Instances
                     .Where(i => i.VirtualRouterId != 0 && i.Interface.Length > 0)
                     .GroupBy(i => (i.Interface, i.VirtualRouterId, i.Family))
                     .Where(g => g.Count() > 1))
        {
            var first = clash.First();
            foreach (var other in clash.Skip(1))
            {
                Error(other.Where("virtual_router_id"), $"vrrp_instance {other.Name}: virtual_router_id {other.VirtualRouterId} is already used on {other.Interface} by vrrp_instance {first.Name}");
            }
        }

        CheckTrackReferences();
        InheritWeightReverse();

        var membership = new Dictionary<string, SyncGroupConfig>(StringComparer.Ordinal);
        foreach (var (group, word) in _groupMembers)
        {
            if (!instancesByName.ContainsKey(word.Text))
            {
                Error(word.Location, $"vrrp_sync_group {group.Name}: no vrrp_instance is named '{word.Text}'{DidYouMean.HintInParentheses(word.Text, instancesByName.Keys)}");
            }
            else if (membership.TryGetValue(word.Text, out var other) && other != group)
            {
                Error(word.Location, $"vrrp_instance {word.Text} is in vrrp_sync_group {other.Name} already (an instance can be in one group only)");
            }
            else
            {
                membership[word.Text] = group;
            }
        }

        if (_globalSmtpAlert is { } alert)
        {
            foreach (var inst in _config.Instances.Where(i => i.SmtpAlert is null))
            {
                inst.SmtpAlert = alert;
            }

            foreach (var group in _config.SyncGroups.Where(g => g.SmtpAlert is null))
            {
                group.SmtpAlert = alert;
            }
        }
    }

    private void CompleteInstance(InstanceConfig inst)
    {
        // No state written: priority 255 (address owner) means MASTER, as keepalived derives it.
        var written = _instanceKeywords[inst];
        if (!written.Contains("state") && inst.Priority == 255)
        {
            inst.State = InitialState.Master;
        }

        PreemptRules(inst);

        var families = inst.VirtualAddresses.Select(v => v.Address.AddressFamily).Distinct().ToList();
        if (families.Count > 1)
        {
            Error(inst.Where("virtual_ipaddress"), $"vrrp_instance {inst.Name}: virtual_ipaddress mixes IPv4 and IPv6 (one family per instance; put the other family in virtual_ipaddress_excluded or another instance)");
        }

        var family = inst.Family;
        var v6 = family == AddressFamily.InterNetworkV6;

        // VRRP over IPv6 exists only in version 3; keepalived deduces 3 for an IPv6 instance.
        if (v6)
        {
            if (inst.Version == 2 && _versionWritten.TryGetValue(inst, out var where))
            {
                Error(where, $"vrrp_instance {inst.Name}: version 2 cannot carry IPv6 addresses (allowed: 3)");
            }
            else if (inst.Version is null && _config.Global.VrrpVersion == 2)
            {
                inst.Version = 3;
            }
        }

        var version = inst.Version ?? _config.Global.VrrpVersion;
        RoundAdvertInterval(inst, version);

        if (inst.AuthType is not null && version == 3)
        {
            Warning(inst.Where("auth_type"), $"vrrp_instance {inst.Name}: authentication is not part of VRRP version 3 (RFC 5798); ignored");
            inst.AuthType = null;
            inst.AuthPass = null;
        }

        foreach (var peer in inst.UnicastPeers.Where(p => p.AddressFamily != family && inst.VirtualAddresses.Count > 0))
        {
            Error(inst.Where("unicast_peer"), $"vrrp_instance {inst.Name}: unicast_peer {peer} is not of the instance's address family");
        }

        foreach (var (key, src) in new[] { ("unicast_src_ip", inst.UnicastSrcIp), ("mcast_src_ip", inst.McastSrcIp) })
        {
            if (src is not null && inst.VirtualAddresses.Count > 0 && src.AddressFamily != family)
            {
                Error(inst.Where(key), $"vrrp_instance {inst.Name}: {key} {src} is not of the instance's address family");
            }
        }

        VipRules(inst, version, written);
        if (_config.Global.Strict)
        {
            StrictRules(inst, version, written);
        }

        if (_garpOverrides.TryGetValue(inst, out var overrides))
        {
            var garp = _config.Global.Garp.Clone();
            garp.Location = inst.Location;
            foreach (var apply in overrides)
            {
                apply(garp);
            }

            inst.Garp = garp;
        }
    }

    private void VipRules(InstanceConfig inst, int version, HashSet<string> written)
    {
        if (inst.VirtualAddresses.Count == 0)
        {
            if (written.Contains("virtual_ipaddress"))
            {
                return; // Every address line had its own error.
            }

            if (version == 3 || _config.Global.Strict)
            {
                Error(inst.Location, $"vrrp_instance {inst.Name} has no virtual_ipaddress; version 3 and vrrp_strict need at least one");
            }
            else
            {
                Warning(inst.Location, $"vrrp_instance {inst.Name} has no virtual_ipaddress");
            }

            return;
        }

        // RFC 5798 §5.2.9: over IPv6 the first address is the link-local one (keepalived: an error when strict).
        var first = inst.VirtualAddresses[0];
        if (first.Address.AddressFamily == AddressFamily.InterNetworkV6 && !first.Address.IsIPv6LinkLocal && inst.UnicastPeers.Count == 0)
        {
            var message = $"vrrp_instance {inst.Name}: the first IPv6 virtual address {first.Address} should be link-local (RFC 5798 §5.2.9)";
            if (_config.Global.Strict)
            {
                Error(first.Location, message.Replace("should", "must", StringComparison.Ordinal));
            }
            else
            {
                Warning(first.Location, message);
            }
        }
    }

    /// <summary>vrrp_strict: keepalived's rules for strict RFC compliance (vrrp.c), resolved as keepalived resolves them.</summary>
    private void StrictRules(InstanceConfig inst, int version, HashSet<string> written)
    {
        var owner = inst.EffectivePriority == 255;
        if (!written.Contains("accept") && !written.Contains("no_accept"))
        {
            // keepalived: accept mode defaults to on only for the address owner when strict.
            inst.Accept = owner;
        }
        else if (inst.Accept && !owner && version == 2)
        {
            Warning(inst.Where("accept"), $"vrrp_instance {inst.Name}: accept with version 2 does not comply with RFC 3768 under vrrp_strict; turned off as keepalived does");
            inst.Accept = false;
        }

        if (inst.AuthType is not null)
        {
            Warning(inst.Where("auth_type"), $"vrrp_instance {inst.Name}: vrrp_strict does not allow authentication; ignored as keepalived does");
            inst.AuthType = null;
            inst.AuthPass = null;
        }

        if (inst.UnicastPeers.Count > 0)
        {
            Error(inst.Where("unicast_peer"), $"vrrp_instance {inst.Name}: unicast_peer is not allowed with vrrp_strict (keepalived refuses the instance)");
        }

        if (written.Contains("state") && (inst.State == InitialState.Master) != owner)
        {
            var wanted = owner ? InitialState.Master : InitialState.Backup;
            Warning(inst.Where("state"), $"vrrp_instance {inst.Name}: under vrrp_strict state MASTER must match being the address owner (priority 255); using {wanted.ToString().ToUpperInvariant()} as keepalived does");
            inst.State = wanted;
        }

        if (inst.PreemptDelay > TimeSpan.Zero)
        {
            Warning(inst.Where("preempt_delay"), $"vrrp_instance {inst.Name}: preempt_delay is incompatible with vrrp_strict; ignored as keepalived does");
            inst.PreemptDelay = TimeSpan.Zero;
        }
    }

    /// <summary>keepalived's preempt rules (vrrp.c): each conflict is reported and resolved the way keepalived resolves it.</summary>
    private void PreemptRules(InstanceConfig inst)
    {
        if (!inst.Preempt && inst.EffectivePriority == 255)
        {
            Warning(inst.Where("preempt"), $"vrrp_instance {inst.Name}: nopreempt does not work with priority 255 (the address owner always preempts); ignored as keepalived does");
            inst.Preempt = true;
        }

        if (inst.State == InitialState.Master)
        {
            if (!inst.Preempt)
            {
                Warning(inst.Where("preempt"), $"vrrp_instance {inst.Name}: nopreempt does not work with state MASTER; ignored as keepalived does (use state BACKUP)");
                inst.Preempt = true;
            }

            if (inst.PreemptDelay > TimeSpan.Zero)
            {
                Warning(inst.Where("preempt_delay"), $"vrrp_instance {inst.Name}: preempt_delay does not work with state MASTER; ignored as keepalived does (use state BACKUP)");
                inst.PreemptDelay = TimeSpan.Zero;
            }
        }

        if (!inst.Preempt && inst.PreemptDelay > TimeSpan.Zero)
        {
            Warning(inst.Where("preempt_delay"), $"vrrp_instance {inst.Name}: preempt_delay has no effect with nopreempt; ignored as keepalived does");
            inst.PreemptDelay = TimeSpan.Zero;
        }
    }

    /// <summary>keepalived's rounding (vrrp.c): v2 carries whole seconds up to 255, v3 centiseconds up to 40.95 s.</summary>
    private void RoundAdvertInterval(InstanceConfig inst, int version)
    {
        var interval = inst.AdvertInterval;
        var where = inst.Where("advert_int");
        if (version == 2)
        {
            var seconds = Math.Max(1, Math.Round(interval.TotalSeconds, MidpointRounding.AwayFromZero));
            if (seconds != interval.TotalSeconds)
            {
                Warning(where, $"vrrp_instance {inst.Name}: advert_int {interval.TotalSeconds}s is not whole seconds, which version 2 needs; rounded to {seconds}s as keepalived does");
                inst.AdvertInterval = TimeSpan.FromSeconds(seconds);
            }
        }
        else
        {
            if (interval > TimeSpan.FromSeconds(40.95))
            {
                Warning(where, $"vrrp_instance {inst.Name}: advert_int {interval.TotalSeconds}s is above version 3's 40.95s; using 40.95s as keepalived does");
                inst.AdvertInterval = TimeSpan.FromMilliseconds(40950);
                return;
            }

            var centis = Math.Max(1, Math.Round(interval.TotalMilliseconds / 10, MidpointRounding.AwayFromZero));
            if (centis * 10 != interval.TotalMilliseconds)
            {
                Warning(where, $"vrrp_instance {inst.Name}: advert_int {interval.TotalSeconds}s is not whole centiseconds; rounded to {centis / 100}s as keepalived does");
                inst.AdvertInterval = TimeSpan.FromMilliseconds(centis * 10);
            }
        }
    }

    private void CheckTrackReferences()
    {
        var owners = _config.Instances.Select(i => ($"vrrp_instance {i.Name}", i.TrackChecks.Concat(i.TrackFiles)))
            .Concat(_config.SyncGroups.Select(g => ($"vrrp_sync_group {g.Name}", g.TrackChecks.Concat(g.TrackFiles))));
        foreach (var (owner, tracks) in owners)
        {
            foreach (var track in tracks)
            {
                if (!_trackKinds.TryGetValue(track, out var block))
                {
                    continue;
                }

                var wanted = block switch
                {
                    "track_script" => "vrrp_script",
                    "track_process" => "vrrp_track_process",
                    _ => "track_file",
                };
                var candidates = _checkKinds.Where(kv => kv.Value == wanted).Select(kv => kv.Key).ToList();
                if (candidates.Any(c => c.Name == track.Name))
                {
                    continue;
                }

                // A missing tracker would leave the instance healthy when it should not be: an error, not keepalived's warning.
                Error(track.Location, $"{owner}: {block} '{track.Name}' names no {wanted}{DidYouMean.HintInParentheses(track.Name, candidates.Select(c => c.Name))}");
            }
        }
    }

    /// <summary>
    /// keepalived's <c>weight W reverse</c> on a vrrp_script or vrrp_track_process: a track_script without a weight
    /// of its own takes the script's weight with its reverse (+W lowers the priority while the script succeeds,
    /// -W raises it while it fails); the script's result itself is not inverted.
    /// </summary>
    private void InheritWeightReverse()
    {
        foreach (var track in _config.Instances.SelectMany(i => i.TrackChecks).Where(t => t.Weight is null))
        {
            if (_config.Checks.FirstOrDefault(c => c.Name == track.Name) is { } check && _weightReverse.TryGetValue(check, out var at))
            {
                track.Weight = check.Weight;
                track.Reverse = true;
                At(track, "weight", at);
                At(track, "reverse", at);
            }
        }
    }
}
