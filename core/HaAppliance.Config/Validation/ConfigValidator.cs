using System.Net.Sockets;

namespace HaAppliance.Config.Validation;

/// <summary>
/// Rules on the model, whatever syntax it came from: ranges, address families, duplicate VRIDs,
/// references and plugin type names. Reports every finding, not only the first.
/// </summary>
public sealed partial class ConfigValidator
{
    private readonly string[] _checkTypes;
    private readonly string[] _notifierTypes;
    private readonly string[] _vipBackendTypes;

    /// <param name="checkTypes">Known health check plugin types (<c>type:</c> of a check).</param>
    /// <param name="notifierTypes">Known notifier plugin types.</param>
    /// <param name="vipBackendTypes">Known VIP backend plugin types.</param>
    public ConfigValidator(IEnumerable<string> checkTypes, IEnumerable<string> notifierTypes, IEnumerable<string> vipBackendTypes)
    {
        _checkTypes = [.. checkTypes.Order(StringComparer.Ordinal)];
        _notifierTypes = [.. notifierTypes.Order(StringComparer.Ordinal)];
        _vipBackendTypes = [.. vipBackendTypes.Order(StringComparer.Ordinal)];
    }

    /// <summary>The built-in plugin set, until the plugin catalog supplies the loaded one.</summary>
    public static ConfigValidator BuiltIn { get; } =
        new(["process", "http", "script", "file"], ["email", "webhook"], ["netlink", "ip"]);

    /// <summary>v3 advert interval bounds: a 12-bit count of centiseconds (RFC 5798 §5.2.7).</summary>
    public static readonly TimeSpan MinV3AdvertInterval = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan MaxV3AdvertInterval = TimeSpan.FromMilliseconds(40950);

    public IReadOnlyList<ConfigDiagnostic> Validate(HaConfig config)
    {
        var d = new List<ConfigDiagnostic>(config.Unsupported);
        ValidateGlobal(config.Global, d);
        foreach (var check in config.Checks)
        {
            ValidateCheck(check, d);
        }

        foreach (var notifier in config.Notifiers)
        {
            ValidateType(notifier, "notifier", notifier.Name, notifier.Type, _notifierTypes, d);
        }

        Duplicates(config.Checks.Select(c => (c.Name, (ConfigNode)c)), "check", d);
        Duplicates(config.Notifiers.Select(c => (c.Name, (ConfigNode)c)), "notifier", d);
        Duplicates(config.Instances.Select(c => (c.Name, (ConfigNode)c)), "instance", d);
        Duplicates(config.SyncGroups.Select(c => (c.Name, (ConfigNode)c)), "sync group", d);

        var checkNames = config.Checks.Select(c => c.Name).ToArray();
        var notifierNames = config.Notifiers.Select(c => c.Name).ToArray();
        foreach (var instance in config.Instances)
        {
            ValidateInstance(instance, config.Global, checkNames, notifierNames, d);
        }

        ValidateVridUniqueness(config, d);

        var instanceNames = config.Instances.Select(i => i.Name).ToArray();
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in config.SyncGroups)
        {
            if (group.Instances.Count == 0)
            {
                d.Add(ConfigDiagnostic.Error(group.Where("group"), $"sync group '{group.Name}' has no instances; 'group' must list at least one instance name"));
            }

            for (var i = 0; i < group.Instances.Count; i++)
            {
                var member = group.Instances[i];
                if (!instanceNames.Contains(member, StringComparer.Ordinal))
                {
                    d.Add(ConfigDiagnostic.Error(group.WhereItem("group", i),
                        $"sync group '{group.Name}' names instance '{member}', which is not defined{DidYouMean.Hint(member, instanceNames)}; defined: {List(instanceNames)}"));
                }
                else if (!memberOf.TryAdd(member, group.Name))
                {
                    d.Add(ConfigDiagnostic.Error(group.WhereItem("group", i),
                        $"instance '{member}' is already in sync group '{memberOf[member]}'; an instance can be in one sync group only"));
                }
            }

            ValidateNotifierRefs(group, group.Notifiers, notifierNames, d);
            SyncGroupTracks(config, group, checkNames, d);
        }

        if (config.Instances.Count == 0)
        {
            d.Add(ConfigDiagnostic.Warning(config.Where("instances"), "no instances are defined; the daemon will have nothing to do"));
        }

        return d;
    }

    private void ValidateGlobal(GlobalConfig g, List<ConfigDiagnostic> d)
    {
        if (g.VrrpVersion is not (2 or 3))
        {
            d.Add(ConfigDiagnostic.Error(g.Where("vrrp_version"), $"'vrrp_version' is {g.VrrpVersion}; allowed: 2 or 3"));
        }

        if (g.McastGroup4.AddressFamily != AddressFamily.InterNetwork)
        {
            d.Add(ConfigDiagnostic.Error(g.Where("vrrp_mcast_group4"), $"'vrrp_mcast_group4' is {g.McastGroup4}; expected an IPv4 multicast address"));
        }

        if (g.McastGroup6.AddressFamily != AddressFamily.InterNetworkV6)
        {
            d.Add(ConfigDiagnostic.Error(g.Where("vrrp_mcast_group6"), $"'vrrp_mcast_group6' is {g.McastGroup6}; expected an IPv6 multicast address"));
        }

        Range(g, "smtp_port", g.SmtpPort, 1, 65535, d);
        Positive(g, "script_timeout", g.ScriptTimeout, d);
        ValidateType(g, "global", "vip_backend", g.VipBackend, _vipBackendTypes, d, "vip_backend");
        ValidateGarp(g.Garp, d);
        if (g.MetricsListen is { } listen && !ListenEndpoint.TryParse(listen, out _))
        {
            d.Add(ConfigDiagnostic.Error(g.Where("metrics_listen"), $"'metrics_listen' is '{listen}'; expected ADDR:PORT (127.0.0.1:9650, [::1]:9650, :9650)"));
        }
    }

    private static void ValidateGarp(GarpConfig garp, List<ConfigDiagnostic> d)
    {
        Range(garp, "master_repeat", garp.MasterRepeat, 0, 255, d);
        Range(garp, "master_refresh_repeat", garp.MasterRefreshRepeat, 0, 255, d);
        Range(garp, "lower_prio_repeat", garp.LowerPrioRepeat ?? 0, 0, 255, d);
        foreach (var (key, value) in new[] { ("master_delay", garp.MasterDelay), ("master_refresh", garp.MasterRefresh), ("interval", garp.Interval), ("na_interval", garp.NaInterval) })
        {
            if (value < TimeSpan.Zero)
            {
                d.Add(ConfigDiagnostic.Error(garp.Where(key), $"'{key}' is {Duration.Format(value)}; must not be negative"));
            }
        }
    }

    private void ValidateCheck(CheckConfig c, List<ConfigDiagnostic> d)
    {
        ValidateType(c, "check", c.Name, c.Type, _checkTypes, d);
        Positive(c, "interval", c.Interval, d);
        Positive(c, "timeout", c.Timeout, d);
        Range(c, "rise", c.Rise, 1, 1000, d);
        Range(c, "fall", c.Fall, 1, 1000, d);
        // keepalived's limit: a weight can move priority across the whole 1–254 range, no further.
        Range(c, "weight", c.Weight, -253, 253, d);
    }

    private void ValidateInstance(InstanceConfig i, GlobalConfig g, string[] checkNames, string[] notifierNames, List<ConfigDiagnostic> d)
    {
        var name = i.Name;
        if (string.IsNullOrWhiteSpace(i.Interface))
        {
            d.Add(ConfigDiagnostic.Error(i.Where("interface"), $"instance '{name}' has no 'interface'; name the interface that carries the VIPs, e.g. eth0"));
        }

        if (!i.KeyLocations.ContainsKey("virtual_router_id") && i.VirtualRouterId == 0)
        {
            d.Add(ConfigDiagnostic.Error(i.Location, $"instance '{name}' has no 'virtual_router_id'; allowed: 1–255, the same on every node of the pair"));
        }
        else
        {
            Range(i, "virtual_router_id", i.VirtualRouterId, 1, 255, d);
        }

        if (i.Priority is { } priority)
        {
            Range(i, "priority", priority, 1, 255, d);
        }

        var version = i.Version ?? g.VrrpVersion;
        if (i.Version is { } v && v is not (2 or 3))
        {
            d.Add(ConfigDiagnostic.Error(i.Where("version"), $"'version' is {v}; allowed: 2 or 3"));
        }

        var interval = i.AdvertInterval;
        if (version == 2)
        {
            // RFC 3768 §5.3.7: Adver Int is an 8-bit count of whole seconds.
            if (interval.Ticks % TimeSpan.TicksPerSecond != 0 || interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromSeconds(255))
            {
                d.Add(ConfigDiagnostic.Error(i.Where("advert_int"),
                    $"'advert_int' is {Duration.Format(interval)}; VRRPv2 allows whole seconds 1s–255s (use version: 3 for sub-second intervals)"));
            }
        }
        else if (version == 3)
        {
            // RFC 5798 §5.2.7: Max Adver Int is a 12-bit count of centiseconds.
            if (interval < MinV3AdvertInterval || interval > MaxV3AdvertInterval || interval.Ticks % (TimeSpan.TicksPerMillisecond * 10) != 0)
            {
                d.Add(ConfigDiagnostic.Error(i.Where("advert_int"),
                    $"'advert_int' is {Duration.Format(interval)}; VRRPv3 allows 10ms–40.95s in steps of 10ms"));
            }
        }

        if (i.PreemptDelay < TimeSpan.Zero || i.PreemptDelay > TimeSpan.FromSeconds(1000))
        {
            d.Add(ConfigDiagnostic.Error(i.Where("preempt_delay"), $"'preempt_delay' is {Duration.Format(i.PreemptDelay)}; allowed: 0s–1000s"));
        }

        ValidateAuthentication(i, version, d);
        ValidateFamilies(i, version, d);

        foreach (var list in new[] { i.VirtualAddresses, i.ExcludedAddresses })
        {
            foreach (var vip in list)
            {
                var max = vip.Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
                if (vip.PrefixLength < 0 || vip.PrefixLength > max)
                {
                    d.Add(ConfigDiagnostic.Error(vip.Where("address"), $"address {vip.Address}/{vip.PrefixLength} has prefix length {vip.PrefixLength}; allowed: 0–{max}"));
                }
            }
        }

        foreach (var t in i.TrackChecks)
        {
            if (!checkNames.Contains(t.Name, StringComparer.Ordinal))
            {
                d.Add(ConfigDiagnostic.Error(t.Where("name"),
                    $"instance '{name}' tracks check '{t.Name}', which is not defined under 'checks'{DidYouMean.Hint(t.Name, checkNames)}; defined: {List(checkNames)}"));
            }

            if (t.Weight is { } w)
            {
                Range(t, "weight", w, -253, 253, d);
            }
        }

        foreach (var t in i.TrackInterfaces.Concat(i.TrackFiles))
        {
            if (t.Weight is { } w)
            {
                Range(t, "weight", w, -253, 253, d);
            }
        }

        ValidateNotifierRefs(i, i.Notifiers, notifierNames, d);
        if (i.Garp is { } garp)
        {
            ValidateGarp(garp, d);
        }

        if (i.VipBackend is { } backend)
        {
            ValidateType(i, $"instance '{name}'", "vip_backend", backend, _vipBackendTypes, d, "vip_backend");
        }
    }

    private static void ValidateAuthentication(InstanceConfig i, int version, List<ConfigDiagnostic> d)
    {
        if (i.AuthType is null)
        {
            return;
        }

        if (i.AuthType is not ("PASS" or "NONE" or "AH"))
        {
            d.Add(ConfigDiagnostic.Error(i.Where("auth_type"), $"'auth_type' is '{i.AuthType}'; allowed: PASS, AH, NONE"));
        }
        else if (version == 3 && i.AuthType != "NONE")
        {
            // RFC 5798 §9: authentication was removed from VRRPv3.
            d.Add(ConfigDiagnostic.Error(i.Where("auth_type"), $"'auth_type' is '{i.AuthType}' but instance '{i.Name}' runs VRRPv3, which has no authentication (RFC 5798 §9)"));
        }
        else if (i.AuthType == "PASS" && string.IsNullOrEmpty(i.AuthPass))
        {
            d.Add(ConfigDiagnostic.Error(i.Where("auth_type"), "'auth_type' is PASS but 'auth_pass' is not set"));
        }
        else if (AuthPassword.IsTooLong(i.AuthPass))
        {
            // Truncated here, once, so the model that leaves validation holds what is sent.
            var pass = i.AuthPass!;
            i.AuthPass = AuthPassword.Truncate(pass, out var split);
            d.Add(ConfigDiagnostic.Warning(i.Where("auth_pass"), AuthPassword.TruncatedMessage("auth_pass", pass, split)));
        }
    }

    private static void ValidateFamilies(InstanceConfig i, int version, List<ConfigDiagnostic> d)
    {
        if (i.VirtualAddresses.Count == 0)
        {
            return;
        }

        var first = i.VirtualAddresses[0];
        var family = first.Address.AddressFamily;
        var familyName = FamilyName(family);
        if (version == 2 && family == AddressFamily.InterNetworkV6)
        {
            d.Add(ConfigDiagnostic.Error(first.Where("address"),
                $"instance '{i.Name}' has IPv6 address {first.Address} but runs VRRPv2, which is IPv4 only (RFC 3768); set version: 3"));
        }

        foreach (var vip in i.VirtualAddresses.Skip(1))
        {
            if (vip.Address.AddressFamily != family)
            {
                d.Add(ConfigDiagnostic.Error(vip.Where("address"),
                    $"'virtual_ipaddress' {vip.Address} is {FamilyName(vip.Address.AddressFamily)} but the instance's first VIP {first.Address} is {familyName}; one instance carries one family (put the other family in its own instance or under virtual_ipaddress_excluded)"));
            }
        }

        for (var p = 0; p < i.UnicastPeers.Count; p++)
        {
            var peer = i.UnicastPeers[p];
            if (peer.AddressFamily != family)
            {
                d.Add(ConfigDiagnostic.Error(i.WhereItem("unicast_peer", p),
                    $"'unicast_peer' {peer} is {FamilyName(peer.AddressFamily)} but instance '{i.Name}' is {familyName} (its VIPs); peers must be {familyName}"));
            }
        }

        foreach (var (key, address) in new[] { ("unicast_src_ip", i.UnicastSrcIp), ("mcast_src_ip", i.McastSrcIp) })
        {
            if (address is not null && address.AddressFamily != family)
            {
                d.Add(ConfigDiagnostic.Error(i.Where(key),
                    $"'{key}' {address} is {FamilyName(address.AddressFamily)} but instance '{i.Name}' is {familyName} (its VIPs)"));
            }
        }
    }

    /// <summary>RFC 5798 §5.2.3: a VRID names one virtual router per interface and family; two would fight.</summary>
    private static void ValidateVridUniqueness(HaConfig config, List<ConfigDiagnostic> d)
    {
        var seen = new Dictionary<(string, int, AddressFamily), InstanceConfig>();
        foreach (var i in config.Instances)
        {
            if (i.VirtualRouterId is < 1 or > 255 || string.IsNullOrEmpty(i.Interface))
            {
                continue;
            }

            var key = (i.Interface, i.VirtualRouterId, i.Family);
            if (!seen.TryAdd(key, i))
            {
                var other = seen[key];
                d.Add(ConfigDiagnostic.Error(i.Where("virtual_router_id"),
                    $"'virtual_router_id' {i.VirtualRouterId} of instance '{i.Name}' is already used by instance '{other.Name}' ({other.Where("virtual_router_id")}) on interface {i.Interface} for {FamilyName(i.Family)}; each VRID must be unique per interface and family"));
            }
        }
    }

    private static void ValidateNotifierRefs(ConfigNode owner, List<string> refs, string[] notifierNames, List<ConfigDiagnostic> d)
    {
        for (var n = 0; n < refs.Count; n++)
        {
            if (!notifierNames.Contains(refs[n], StringComparer.Ordinal))
            {
                d.Add(ConfigDiagnostic.Error(owner.WhereItem("notifiers", n),
                    $"notifier '{refs[n]}' is not defined under 'notifiers'{DidYouMean.Hint(refs[n], notifierNames)}; defined: {List(notifierNames)}"));
            }
        }
    }

    private static void ValidateType(ConfigNode node, string kind, string name, string type, string[] known, List<ConfigDiagnostic> d, string key = "type")
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            d.Add(ConfigDiagnostic.Error(node.Where(key), $"{kind} '{name}' has no '{key}'; known types: {List(known)}"));
        }
        else if (!known.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            d.Add(ConfigDiagnostic.Error(node.Where(key),
                $"{kind} '{name}' has unknown {key} '{type}'{DidYouMean.Hint(type, known)}; known types: {List(known)}"));
        }
    }

    private static void Duplicates(IEnumerable<(string Name, ConfigNode Node)> items, string kind, List<ConfigDiagnostic> d)
    {
        var seen = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var (name, node) in items)
        {
            if (!seen.TryAdd(name, node))
            {
                d.Add(ConfigDiagnostic.Error(node.Location, $"{kind} '{name}' is defined twice (first at {seen[name].Location})"));
            }
        }
    }

    private static void Range(ConfigNode node, string key, int value, int min, int max, List<ConfigDiagnostic> d)
    {
        if (value < min || value > max)
        {
            d.Add(ConfigDiagnostic.Error(node.Where(key), $"'{key}' is {value}; allowed: {min}–{max}"));
        }
    }

    private static void Positive(ConfigNode node, string key, TimeSpan value, List<ConfigDiagnostic> d)
    {
        if (value <= TimeSpan.Zero)
        {
            d.Add(ConfigDiagnostic.Error(node.Where(key), $"'{key}' is {Duration.Format(value)}; must be greater than 0"));
        }
    }

    private static string FamilyName(AddressFamily f) => f == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static string List(string[] names) => names.Length == 0 ? "(none)" : string.Join(", ", names);
}
