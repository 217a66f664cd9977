using System.Globalization;
using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HaAppliance.Config.Yaml;

/// <summary>One read of one YAML document into the model; collects every diagnostic on the way.</summary>
internal sealed class YamlModelReader(string file)
{
    /// <summary>Aliases can make a small file expand enormously ("billion laughs"); stop well before that.</summary>
    private const int MaxNodes = 200_000;

    private const int MaxDepth = 64;

    /// <summary>Starts the message of a document that could not be parsed at all.</summary>
    public const string SyntaxErrorPrefix = "YAML syntax: ";

    private int _nodes;

    public List<ConfigDiagnostic> Diagnostics { get; } = [];

    public HaConfig Read(string text)
    {
        var config = new HaConfig { SourceFile = file, Location = new SourceLocation(file, 1, 1) };
        if (YamlDepthGuard.Check(text) is { } tooDeep)
        {
            Error(new SourceLocation(file, (int)tooDeep.Where.Line, (int)tooDeep.Where.Column), SyntaxErrorPrefix + tooDeep.Message);
            return config;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner && e.Message.Contains("See inner", StringComparison.Ordinal) ? inner.Message : e.Message;
            Error(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), $"{SyntaxErrorPrefix}{message}");
            return config;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return config;
        }

        if (stream.Documents.Count > 1)
        {
            Error(Loc(stream.Documents[1].RootNode), "only one YAML document is allowed in a configuration file");
        }

        if (Map(stream.Documents[0].RootNode, "the configuration") is not { } root)
        {
            return config;
        }

        foreach (var (key, value) in Entries(root, ConfigKeys.TopLevel, "the top level"))
        {
            config.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "global":
                    ReadGlobal(value, config.Global);
                    break;
                case "checks":
                    foreach (var (name, node, nameLoc) in Named(value, "checks"))
                    {
                        config.Checks.Add(ReadCheck(name, node, nameLoc));
                    }

                    break;
                case "notifiers":
                    foreach (var (name, node, nameLoc) in Named(value, "notifiers"))
                    {
                        config.Notifiers.Add(ReadNotifier(name, node, nameLoc));
                    }

                    break;
                case "instances":
                    foreach (var (name, node, nameLoc) in Named(value, "instances"))
                    {
                        config.Instances.Add(ReadInstance(name, node, nameLoc));
                    }

                    break;
                case "sync_groups":
                    foreach (var (name, node, nameLoc) in Named(value, "sync_groups"))
                    {
                        config.SyncGroups.Add(ReadSyncGroup(name, node, nameLoc));
                    }

                    break;
                case "plugin_folders":
                    config.PluginFolders.AddRange(StringList(value, "plugin_folders", config, "plugin_folders"));
                    break;
            }
        }

        return config;
    }

    private void ReadGlobal(YamlNode node, GlobalConfig g)
    {
        g.Location = Loc(node);
        if (Map(node, "global") is not { } map)
        {
            return;
        }

        foreach (var (key, value) in Entries(map, ConfigKeys.Global, "global"))
        {
            g.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "router_id": g.RouterId = Str(value, key); break;
                case "vrrp_version": g.VrrpVersion = Int(value, key) ?? g.VrrpVersion; break;
                case "vrrp_mcast_group4": g.McastGroup4 = Ip(value, key) ?? g.McastGroup4; break;
                case "vrrp_mcast_group6": g.McastGroup6 = Ip(value, key) ?? g.McastGroup6; break;
                case "vrrp_strict": g.Strict = Bool(value, key) ?? g.Strict; break;
                case "v3_checksum_as_v2": g.V3ChecksumAsV2 = Bool(value, key) ?? g.V3ChecksumAsV2; break;
                case "vip_backend": g.VipBackend = Str(value, key) ?? g.VipBackend; break;
                case "script_user": g.ScriptUser = Str(value, key); break;
                case "script_group": g.ScriptGroup = Str(value, key); break;
                case "enable_script_security": g.EnableScriptSecurity = Bool(value, key) ?? g.EnableScriptSecurity; break;
                case "script_timeout": g.ScriptTimeout = Dur(value, key) ?? g.ScriptTimeout; break;
                case "notification_email": g.NotificationEmail.AddRange(StringList(value, key, g, key)); break;
                case "notification_email_from": g.NotificationEmailFrom = Str(value, key); break;
                case "smtp_server": g.SmtpServer = Str(value, key); break;
                case "smtp_port": g.SmtpPort = Int(value, key) ?? g.SmtpPort; break;
                case "smtp_connect_timeout": g.SmtpConnectTimeout = Dur(value, key) ?? g.SmtpConnectTimeout; break;
                case "garp": g.Garp = ReadGarp(value, "global.garp"); break;
                case "state_dir": g.StateDir = Str(value, key) ?? g.StateDir; break;
                case "control_socket": g.ControlSocket = Str(value, key) ?? g.ControlSocket; break;
                case "notify_fifo": g.NotifyFifo = Str(value, key); break;
            }
        }
    }

    private GarpConfig ReadGarp(YamlNode node, string where)
    {
        var garp = new GarpConfig { Location = Loc(node) };
        if (Map(node, where) is not { } map)
        {
            return garp;
        }

        foreach (var (key, value) in Entries(map, ConfigKeys.Garp, where))
        {
            garp.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "master_delay": garp.MasterDelay = Dur(value, key) ?? garp.MasterDelay; break;
                case "master_repeat": garp.MasterRepeat = Int(value, key) ?? garp.MasterRepeat; break;
                case "master_refresh": garp.MasterRefresh = Dur(value, key) ?? garp.MasterRefresh; break;
                case "master_refresh_repeat": garp.MasterRefreshRepeat = Int(value, key) ?? garp.MasterRefreshRepeat; break;
                case "interval": garp.Interval = Dur(value, key) ?? garp.Interval; break;
                case "na_interval": garp.NaInterval = Dur(value, key) ?? garp.NaInterval; break;
                case "lower_prio_repeat": garp.LowerPrioRepeat = Int(value, key) ?? garp.LowerPrioRepeat; break;
                case "lower_prio_delay": garp.LowerPrioDelay = Dur(value, key) ?? garp.LowerPrioDelay; break;
            }
        }

        return garp;
    }

    private CheckConfig ReadCheck(string name, YamlNode node, SourceLocation nameLoc)
    {
        var check = new CheckConfig { Name = name, Location = nameLoc };
        if (Map(node, $"check '{name}'") is not { } map)
        {
            return check;
        }

        foreach (var (k, value) in map.Children)
        {
            if (KeyOf(k) is not { } key)
            {
                continue;
            }

            check.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "type": check.Type = Str(value, key) ?? ""; break;
                case "interval": check.Interval = Dur(value, key) ?? check.Interval; break;
                case "timeout": check.Timeout = Dur(value, key) ?? check.Timeout; break;
                case "rise": check.Rise = Int(value, key) ?? check.Rise; break;
                case "fall": check.Fall = Int(value, key) ?? check.Fall; break;
                case "weight": check.Weight = Int(value, key) ?? check.Weight; break;
                case "reverse": check.Reverse = Bool(value, key) ?? check.Reverse; break;
                case "init":
                    switch (Str(value, key)?.ToLowerInvariant())
                    {
                        case null: break;
                        case "ok" or "healthy" or "up": check.InitiallyHealthy = true; break;
                        case "fail" or "failed" or "down": check.InitiallyHealthy = false; break;
                        case var other:
                            Error(Loc(value), $"'init' is '{other}'; allowed: ok, fail");
                            break;
                    }

                    break;
                default:
                    check.KeyLocations.Remove(key);
                    Flatten(key, value, check.Settings, 1);
                    break;
            }
        }

        return check;
    }

    private NotifierConfig ReadNotifier(string name, YamlNode node, SourceLocation nameLoc)
    {
        var notifier = new NotifierConfig { Name = name, Location = nameLoc };
        if (Map(node, $"notifier '{name}'") is not { } map)
        {
            return notifier;
        }

        foreach (var (k, value) in map.Children)
        {
            if (KeyOf(k) is not { } key)
            {
                continue;
            }

            if (key == "type")
            {
                notifier.KeyLocations[key] = Loc(value);
                notifier.Type = Str(value, key) ?? "";
            }
            else
            {
                Flatten(key, value, notifier.Settings, 1);
            }
        }

        return notifier;
    }

    /// <summary>Flattens a plugin section the Microsoft.Extensions.Configuration way: <c>a:b</c>, <c>list:0</c>.</summary>
    private void Flatten(string prefix, YamlNode node, PluginSettings settings, int depth)
    {
        if (!Count(node) || depth > MaxDepth)
        {
            if (depth > MaxDepth)
            {
                Error(Loc(node), $"'{prefix}' is nested more than {MaxDepth} levels deep");
            }

            return;
        }

        switch (node)
        {
            case YamlScalarNode s:
                settings.Set(prefix, IsNull(s) ? null : s.Value, Loc(s));
                break;
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    if (KeyOf(k) is { } key)
                    {
                        Flatten($"{prefix}:{key}", v, settings, depth + 1);
                    }
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Flatten($"{prefix}:{i}", seq.Children[i], settings, depth + 1);
                }

                break;
        }
    }

    private InstanceConfig ReadInstance(string name, YamlNode node, SourceLocation nameLoc)
    {
        var inst = new InstanceConfig { Name = name, Location = nameLoc };
        if (Map(node, $"instance '{name}'") is not { } map)
        {
            return inst;
        }

        var where = $"instance '{name}'";
        foreach (var (key, value) in Entries(map, ConfigKeys.Instance, where))
        {
            inst.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "state":
                    switch (Str(value, key)?.ToUpperInvariant())
                    {
                        case null: break;
                        case "MASTER": inst.State = InitialState.Master; break;
                        case "BACKUP": inst.State = InitialState.Backup; break;
                        case var other: Error(Loc(value), $"'state' is '{other}'; allowed: MASTER, BACKUP"); break;
                    }

                    break;
                case "interface": inst.Interface = Str(value, key) ?? ""; break;
                case "virtual_router_id": inst.VirtualRouterId = Int(value, key) ?? inst.VirtualRouterId; break;
                case "priority": inst.Priority = Int(value, key) ?? inst.Priority; break;
                case "advert_int": inst.AdvertInterval = Dur(value, key) ?? inst.AdvertInterval; break;
                case "version": inst.Version = Int(value, key) ?? inst.Version; break;
                case "preempt": inst.Preempt = Bool(value, key) ?? inst.Preempt; break;
                case "nopreempt":
                    if (Bool(value, key) is { } nopreempt)
                    {
                        inst.Preempt = !nopreempt;
                    }

                    break;
                case "preempt_delay": inst.PreemptDelay = Dur(value, key) ?? inst.PreemptDelay; break;
                case "fast_preempt": inst.FastPreempt = Bool(value, key) ?? inst.FastPreempt; break;
                case "accept": inst.Accept = Bool(value, key) ?? inst.Accept; break;
                case "authentication": ReadAuthentication(value, inst); break;
                case "mcast_src_ip": inst.McastSrcIp = Ip(value, key); break;
                case "unicast_src_ip": inst.UnicastSrcIp = Ip(value, key); break;
                case "unicast_peer":
                    foreach (var (item, i) in Items(value, key, inst))
                    {
                        if (Ip(item, key) is { } peer)
                        {
                            inst.KeyLocations[$"{key}:{inst.UnicastPeers.Count}"] = Loc(item);
                            inst.UnicastPeers.Add(peer);
                        }
                    }

                    break;
                case "virtual_ipaddress":
                case "virtual_ipaddress_excluded":
                    var list = key == "virtual_ipaddress" ? inst.VirtualAddresses : inst.ExcludedAddresses;
                    foreach (var (item, _) in Items(value, key, inst))
                    {
                        if (ReadVip(item, key) is { } vip)
                        {
                            list.Add(vip);
                        }
                    }

                    break;
                case "track_interface": ReadTrackRefs(value, key, inst, inst.TrackInterfaces); break;
                case "track_script": ReadTrackRefs(value, key, inst, inst.TrackChecks); break;
                case "track_file": ReadTrackRefs(value, key, inst, inst.TrackFiles); break;
                case "notify_master": inst.Notify.Master = Str(value, key); inst.Notify.KeyLocations[key] = Loc(value); break;
                case "notify_backup": inst.Notify.Backup = Str(value, key); inst.Notify.KeyLocations[key] = Loc(value); break;
                case "notify_fault": inst.Notify.Fault = Str(value, key); inst.Notify.KeyLocations[key] = Loc(value); break;
                case "notify_stop": inst.Notify.Stop = Str(value, key); inst.Notify.KeyLocations[key] = Loc(value); break;
                case "notify": inst.Notify.Any = Str(value, key); inst.Notify.KeyLocations[key] = Loc(value); break;
                case "notifiers": inst.Notifiers.AddRange(StringList(value, key, inst, key)); break;
                case "smtp_alert": inst.SmtpAlert = Bool(value, key); break;
                case "garp": inst.Garp = ReadGarp(value, $"{where} garp"); break;
                case "vip_backend": inst.VipBackend = Str(value, key); break;
                case "v3_checksum_as_v2": inst.V3ChecksumAsV2 = Bool(value, key); break;
            }
        }

        if (inst.KeyLocations.ContainsKey("preempt") && inst.KeyLocations.ContainsKey("nopreempt"))
        {
            Error(inst.KeyLocations["nopreempt"], $"{where} sets both 'preempt' ({inst.KeyLocations["preempt"]}) and 'nopreempt'; write one of them");
        }

        return inst;
    }

    private void ReadAuthentication(YamlNode node, InstanceConfig inst)
    {
        if (Map(node, "authentication") is not { } map)
        {
            return;
        }

        foreach (var (key, value) in Entries(map, ConfigKeys.Authentication, "authentication"))
        {
            inst.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "auth_type": inst.AuthType = Str(value, key)?.ToUpperInvariant(); break;
                case "auth_pass": inst.AuthPass = Str(value, key); break;
            }
        }
    }

    /// <summary>
    /// A VIP is either keepalived's line (<c>192.0.2.100/24 dev eth0 label eth0:1 scope global brd 192.0.2.255</c>)
    /// or a mapping with the same words as keys.
    /// </summary>
    private VipConfig? ReadVip(YamlNode node, string key)
    {
        var loc = Loc(node);
        if (node is YamlScalarNode scalar)
        {
            var words = (scalar.Value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                Error(loc, $"'{key}' has an empty entry; expected an address such as 192.0.2.100/24");
                return null;
            }

            var vip = ParseAddress(words[0], loc, key);
            if (vip is null)
            {
                return null;
            }

            for (var i = 1; i < words.Length; i++)
            {
                var option = words[i].ToLowerInvariant();
                if (i + 1 >= words.Length)
                {
                    Error(loc, $"'{key}' option '{words[i]}' has no value");
                    break;
                }

                var arg = words[++i];
                switch (option)
                {
                    case "dev": vip.Device = arg; break;
                    case "label": vip.Label = arg; break;
                    case "scope": vip.Scope = arg; break;
                    case "brd" or "broadcast":
                        if (IpText.Parse(arg) is { } brd)
                        {
                            vip.Broadcast = brd;
                        }
                        else
                        {
                            Error(loc, $"'{key}' broadcast '{arg}' is not an IP address");
                        }

                        break;
                    default:
                        Error(loc, $"'{key}' option '{words[i - 1]}' is unknown{DidYouMean.Hint(option, ["dev", "label", "scope", "brd"])}; allowed: dev, label, scope, brd");
                        break;
                }
            }

            return vip;
        }

        if (Map(node, key) is not { } map)
        {
            return null;
        }

        VipConfig? result = null;
        string? dev = null, label = null, scope = null;
        IPAddress? broadcast = null;
        var keys = new Dictionary<string, SourceLocation>();
        foreach (var (k, value) in Entries(map, ConfigKeys.Vip, key))
        {
            keys[k] = Loc(value);
            switch (k)
            {
                case "address":
                    if (Str(value, k) is { } a)
                    {
                        result = ParseAddress(a, Loc(value), key);
                    }

                    break;
                case "dev": dev = Str(value, k); break;
                case "label": label = Str(value, k); break;
                case "scope": scope = Str(value, k); break;
                case "broadcast": broadcast = Ip(value, k); break;
            }
        }

        if (result is null)
        {
            if (!keys.ContainsKey("address"))
            {
                Error(loc, $"'{key}' entry has no 'address'");
            }

            return null;
        }

        result.Location = loc;
        foreach (var (k, l) in keys)
        {
            result.KeyLocations[k] = l;
        }

        result.Device = dev;
        result.Label = label;
        result.Scope = scope;
        result.Broadcast = broadcast;
        return result;
    }

    private VipConfig? ParseAddress(string text, SourceLocation loc, string key)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (IpText.Parse(addressText) is not { } address)
        {
            Error(loc, $"'{key}' value '{text}' is not an IP address; expected e.g. 192.0.2.100/24 or 2001:db8::1/64");
            return null;
        }

        var prefix = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (slash >= 0 && !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
        {
            Error(loc, $"'{key}' value '{text}' has a bad prefix length '{text[(slash + 1)..]}'; expected a number");
            return null;
        }

        var vip = new VipConfig { Address = address, PrefixLength = prefix, Location = loc };
        vip.KeyLocations["address"] = loc;
        return vip;
    }

    private void ReadTrackRefs(YamlNode node, string key, ConfigNode owner, List<TrackRef> list)
    {
        foreach (var (item, _) in Items(node, key, owner))
        {
            var tr = new TrackRef { Location = Loc(item) };
            if (item is YamlScalarNode)
            {
                if (Str(item, key) is not { } name)
                {
                    continue;
                }

                tr.Name = name;
                tr.KeyLocations["name"] = Loc(item);
            }
            else if (Map(item, key) is { } map)
            {
                foreach (var (k, value) in Entries(map, ConfigKeys.TrackRef, key))
                {
                    tr.KeyLocations[k] = Loc(value);
                    switch (k)
                    {
                        case "name": tr.Name = Str(value, k) ?? ""; break;
                        case "weight": tr.Weight = Int(value, k); break;
                        case "reverse": tr.Reverse = Bool(value, k) ?? false; break;
                    }
                }

                if (tr.Name.Length == 0)
                {
                    Error(tr.Location, $"'{key}' entry has no 'name'");
                    continue;
                }
            }
            else
            {
                continue;
            }

            list.Add(tr);
        }
    }

    private SyncGroupConfig ReadSyncGroup(string name, YamlNode node, SourceLocation nameLoc)
    {
        var group = new SyncGroupConfig { Name = name, Location = nameLoc };
        if (Map(node, $"sync group '{name}'") is not { } map)
        {
            return group;
        }

        foreach (var (key, value) in Entries(map, ConfigKeys.SyncGroup, $"sync group '{name}'"))
        {
            group.KeyLocations[key] = Loc(value);
            switch (key)
            {
                case "group": group.Instances.AddRange(StringList(value, key, group, key)); break;
                case "notify_master": group.Notify.Master = Str(value, key); group.Notify.KeyLocations[key] = Loc(value); break;
                case "notify_backup": group.Notify.Backup = Str(value, key); group.Notify.KeyLocations[key] = Loc(value); break;
                case "notify_fault": group.Notify.Fault = Str(value, key); group.Notify.KeyLocations[key] = Loc(value); break;
                case "notify_stop": group.Notify.Stop = Str(value, key); group.Notify.KeyLocations[key] = Loc(value); break;
                case "notify": group.Notify.Any = Str(value, key); group.Notify.KeyLocations[key] = Loc(value); break;
                case "notifiers": group.Notifiers.AddRange(StringList(value, key, group, key)); break;
                case "smtp_alert": group.SmtpAlert = Bool(value, key); break;
            }
        }

        return group;
    }

    // ---- structure helpers ----

    private SourceLocation Loc(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    private void Error(SourceLocation where, string message) => Diagnostics.Add(ConfigDiagnostic.Error(where, message));

    private bool Count(YamlNode node)
    {
        if (++_nodes == MaxNodes)
        {
            Error(Loc(node), $"the configuration expands to more than {MaxNodes} values (aliases?); refusing to read further");
        }

        return _nodes < MaxNodes;
    }

    private static bool IsNull(YamlScalarNode s) =>
        s.Style == YamlDotNet.Core.ScalarStyle.Plain && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    private YamlMappingNode? Map(YamlNode node, string what)
    {
        if (!Count(node))
        {
            return null;
        }

        if (node is YamlMappingNode m)
        {
            return m;
        }

        if (node is YamlScalarNode s && IsNull(s))
        {
            // "instances:" with nothing below: an empty section, not an error.
            return new YamlMappingNode();
        }

        Error(Loc(node), $"{what} must be a mapping (key: value lines), got {Describe(node)}");
        return null;
    }

    private string? KeyOf(YamlNode k)
    {
        if (k is YamlScalarNode { Value: { Length: > 0 } v })
        {
            return v;
        }

        Error(Loc(k), "keys must be plain names");
        return null;
    }

    /// <summary>Entries of a mapping with a known key set; unknown keys are reported with a suggestion.</summary>
    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string[] allowed, string where)
    {
        foreach (var (k, v) in map.Children)
        {
            if (KeyOf(k) is not { } key)
            {
                continue;
            }

            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Error(Loc(k), $"unknown key '{key}' in {where}{DidYouMean.Hint(key, allowed)}; allowed: {string.Join(", ", allowed)}");
                continue;
            }

            if (Count(v))
            {
                yield return (key, v);
            }
        }
    }

    private IEnumerable<(string Name, YamlNode Node, SourceLocation NameLocation)> Named(YamlNode node, string section)
    {
        if (Map(node, section) is not { } map)
        {
            yield break;
        }

        foreach (var (k, v) in map.Children)
        {
            if (KeyOf(k) is { } name && Count(v))
            {
                yield return (name, v, Loc(k));
            }
        }
    }

    /// <summary>Items of a list; a single scalar counts as a list of one. Records <c>key:i</c> locations.</summary>
    private IEnumerable<(YamlNode Item, int Index)> Items(YamlNode node, string key, ConfigNode owner)
    {
        if (node is YamlSequenceNode seq)
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (Count(seq.Children[i]))
                {
                    owner.KeyLocations[$"{key}:{i}"] = Loc(seq.Children[i]);
                    yield return (seq.Children[i], i);
                }
            }
        }
        else if (node is YamlScalarNode s)
        {
            if (!IsNull(s))
            {
                owner.KeyLocations[$"{key}:0"] = Loc(s);
                yield return (s, 0);
            }
        }
        else
        {
            Error(Loc(node), $"'{key}' must be a list, got {Describe(node)}");
        }
    }

    private List<string> StringList(YamlNode node, string key, ConfigNode owner, string locationKey)
    {
        var result = new List<string>();
        foreach (var (item, _) in Items(node, locationKey, owner))
        {
            if (Str(item, key) is { } s)
            {
                owner.KeyLocations[$"{locationKey}:{result.Count}"] = Loc(item);
                result.Add(s);
            }
        }

        return result;
    }

    // ---- scalar helpers: each reports a wrong type with the key, the value and what is allowed ----

    private string? Str(YamlNode node, string key)
    {
        if (node is YamlScalarNode s)
        {
            if (IsNull(s))
            {
                Error(Loc(node), $"'{key}' has no value; expected a string");
                return null;
            }

            return s.Value;
        }

        Error(Loc(node), $"'{key}' must be a single value, got {Describe(node)}");
        return null;
    }

    private int? Int(YamlNode node, string key)
    {
        if (node is YamlScalarNode s && !IsNull(s) && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        Error(Loc(node), $"'{key}' is {Describe(node)}; expected a whole number");
        return null;
    }

    private bool? Bool(YamlNode node, string key)
    {
        if (node is YamlScalarNode s)
        {
            switch (s.Value?.ToLowerInvariant())
            {
                case "true" or "yes" or "on": return true;
                case "false" or "no" or "off": return false;
            }
        }

        Error(Loc(node), $"'{key}' is {Describe(node)}; expected true or false");
        return null;
    }

    private TimeSpan? Dur(YamlNode node, string key)
    {
        if (node is YamlScalarNode s && Duration.TryParse(s.Value, out var d))
        {
            return d;
        }

        Error(Loc(node), $"'{key}' is {Describe(node)}; expected a duration: {Duration.Allowed}");
        return null;
    }

    private IPAddress? Ip(YamlNode node, string key)
    {
        if (node is YamlScalarNode { Value: { } v } && IpText.Parse(v) is { } ip)
        {
            return ip;
        }

        Error(Loc(node), $"'{key}' is {Describe(node)}; expected an IPv4 or IPv6 address");
        return null;
    }
}
