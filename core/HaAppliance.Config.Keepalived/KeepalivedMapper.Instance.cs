using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HaAppliance.Config.Keepalived;

/// <summary>vrrp_instance.</summary>
internal sealed partial class KeepalivedMapper
{
    private static readonly string[] VipOptions = ["dev", "brd", "broadcast", "label", "scope"];

    // Options keepalived accepts on an address line that we do not carry; the address itself is kept.
    private static readonly Dictionary<string, int> VipOptionsUnsupported = new(StringComparer.Ordinal)
    {
        ["no_track"] = 0,
        ["home"] = 0,
        ["-nodad"] = 0,
        ["nodad"] = 0,
        ["noprefixroute"] = 0,
        ["autojoin"] = 0,
        ["preferred_lft"] = 1,
        ["track_group"] = 1,
        ["peer"] = 1,
    };

    // The keywords written in each instance block, for rules that depend on whether something was set at all.
    private readonly Dictionary<InstanceConfig, HashSet<string>> _instanceKeywords = [];

    private void MapInstance(KeepalivedStatement block, string name)
    {
        var inst = new InstanceConfig { Name = name, Location = block.Location };
        At(inst, "name", block.Args[0].Location);
        _config.Instances.Add(inst);

        var written = new HashSet<string>(StringComparer.Ordinal);
        _instanceKeywords[inst] = written;
        foreach (var s in block.Block!)
        {
            var value = s.Args.Count > 0 ? s.Args[0].Location : s.Location;
            written.Add(s.Name);
            if (s.Name == "virtual_router_id")
            {
                // Even when the value is refused: the validator's complaint about the missing VRID then lands on
                // the reader's error and is dropped as a repeat, instead of pointing at the block.
                At(inst, s.Name, value);
            }
            switch (s.Name)
            {
                case "state":
                    if (Arity(s, 1, 1, "state MASTER|BACKUP"))
                    {
                        switch (s.Args[0].Text)
                        {
                            case "MASTER":
                                inst.State = InitialState.Master;
                                break;
                            case "BACKUP":
                                inst.State = InitialState.Backup;
                                break;
                            default:
                                Error(value, $"state '{s.Args[0].Text}' is not valid (allowed: MASTER, BACKUP)");
                                continue;
                        }

                        At(inst, "state", value);
                    }

                    break;
                case "interface":
                    if (Arity(s, 1, 1, "interface NAME") && InterfaceName(s.Args[0], "interface"))
                    {
                        inst.Interface = s.Args[0].Text;
                        At(inst, "interface", value);
                    }

                    break;
                case "virtual_router_id":
                    if (Arity(s, 1, 1, "virtual_router_id 1-255") && Int(s, 0, 1, 255) is { } vrid)
                    {
                        inst.VirtualRouterId = vrid;
                        At(inst, "virtual_router_id", value);
                    }

                    break;
                case "priority":
                    if (Arity(s, 1, 1, "priority 1-255") && Int(s, 0, 1, 255) is { } priority)
                    {
                        inst.Priority = priority;
                        At(inst, "priority", value);
                    }

                    break;
                case "advert_int":
                    // Fractions are allowed (v3 counts centiseconds); v2 rounding is done in Finish once the version is known.
                    if (Arity(s, 1, 1, "advert_int SECONDS") && Seconds(s, 0, 0.01m, 255) is { } advert)
                    {
                        inst.AdvertInterval = advert;
                        At(inst, "advert_interval", value);
                    }

                    break;
                case "version":
                    if (Arity(s, 1, 1, "version 2|3") && Int(s, 0, 2, 3) is { } version)
                    {
                        inst.Version = version;
                        _versionWritten[inst] = value;
                        At(inst, "version", value);
                    }

                    break;
                case "nopreempt":
                    if (Arity(s, 0, 0, "nopreempt"))
                    {
                        inst.Preempt = false;
                        At(inst, "preempt", s.Location);
                    }

                    break;
                case "preempt":
                    if (Arity(s, 0, 0, "preempt"))
                    {
                        inst.Preempt = true;
                        At(inst, "preempt", s.Location);
                    }

                    break;
                case "preempt_delay":
                    if (Arity(s, 1, 1, "preempt_delay SECONDS") && Seconds(s, 0, 0, 1000) is { } preemptDelay)
                    {
                        inst.PreemptDelay = preemptDelay;
                        At(inst, "preempt_delay", value);
                    }

                    break;
                case "accept":
                    if (Arity(s, 0, 0, "accept"))
                    {
                        inst.Accept = true;
                        At(inst, "accept", s.Location);
                    }

                    break;
                case "no_accept":
                    if (Arity(s, 0, 0, "no_accept"))
                    {
                        inst.Accept = false;
                        At(inst, "accept", s.Location);
                    }

                    break;
                case "v3_checksum_as_v2":
                    if (Arity(s, 0, 0, "v3_checksum_as_v2"))
                    {
                        inst.V3ChecksumAsV2 = true;
                        At(inst, "v3_checksum_as_v2", s.Location);
                    }

                    break;
                case "authentication":
                    MapAuthentication(s, inst);
                    break;
                case "mcast_src_ip":
                    if (Arity(s, 1, 1, "mcast_src_ip ADDRESS") && Address(s.Args[0], s.Name) is { } mcastSrc)
                    {
                        inst.McastSrcIp = mcastSrc;
                        At(inst, "mcast_src_ip", value);
                    }

                    break;
                case "unicast_src_ip":
                    if (Arity(s, 1, 1, "unicast_src_ip ADDRESS") && Address(s.Args[0], s.Name) is { } unicastSrc)
                    {
                        inst.UnicastSrcIp = unicastSrc;
                        At(inst, "unicast_src_ip", value);
                    }

                    break;
                case "unicast_peer":
                    MapUnicastPeers(s, inst);
                    break;
                case "virtual_ipaddress":
                    MapVips(s, inst.VirtualAddresses);
                    At(inst, "virtual_addresses", s.Location);
                    break;
                case "virtual_ipaddress_excluded":
                    MapVips(s, inst.ExcludedAddresses);
                    At(inst, "excluded_addresses", s.Location);
                    break;
                case "track_interface":
                case "track_script":
                case "track_process":
                case "track_file":
                    MapTracks(s, inst, inst.TrackInterfaces, inst.TrackChecks, inst.TrackFiles);
                    break;
                case "notify":
                case "notify_master":
                case "notify_backup":
                case "notify_fault":
                case "notify_stop":
                    MapNotify(s, inst.Notify);
                    break;
                case "smtp_alert":
                    MapSmtpAlert(s, inst, alert => inst.SmtpAlert = alert);
                    break;
                case "garp_master_delay":
                case "garp_master_repeat":
                case "garp_master_refresh":
                case "garp_master_refresh_repeat":
                case "garp_lower_prio_delay":
                case "garp_lower_prio_repeat":
                    if (GarpSetter(s, s.Name) is { } setter)
                    {
                        if (!_garpOverrides.TryGetValue(inst, out var list))
                        {
                            _garpOverrides[inst] = list = [];
                        }

                        list.Add(setter);
                        At(inst, s.Name, value);
                    }

                    break;
                default:
                    UnknownOrUnsupported(s, $"in vrrp_instance {name}", KeepalivedKeywords.Instance, KeepalivedKeywords.InstanceUnsupported);
                    break;
            }
        }

        // Only when not written at all: a bad value already has its own error.
        if (!written.Contains("virtual_router_id"))
        {
            Error(block.Location, $"vrrp_instance {name}: virtual_router_id is required (1–255)");
        }

        if (!written.Contains("interface"))
        {
            Error(block.Location, $"vrrp_instance {name}: interface is required");
        }

    }

    private void MapAuthentication(KeepalivedStatement block, InstanceConfig inst)
    {
        if (!ExpectBlock(block))
        {
            return;
        }

        foreach (var s in block.Block!)
        {
            var value = s.Args.Count > 0 ? s.Args[0].Location : s.Location;
            switch (s.Name)
            {
                case "auth_type":
                    if (!Arity(s, 1, 1, "auth_type PASS|AH"))
                    {
                        break;
                    }

                    switch (s.Args[0].Text)
                    {
                        case "PASS":
                            inst.AuthType = "PASS";
                            At(inst, "auth_type", value);
                            break;
                        case "AH":
                            // Peers running AH reject every advert without the IPsec AH header: ignoring it is no option.
                            var d = ConfigDiagnostic.Error(value, "unsupported: auth_type AH (IPsec AH authentication; use PASS or none — peers would reject our adverts)");
                            _diagnostics.Add(d);
                            _config.Unsupported.Add(d);
                            break;
                        default:
                            Error(value, $"auth_type '{s.Args[0].Text}' is not valid (allowed: PASS, AH)");
                            break;
                    }

                    break;
                case "auth_pass":
                    if (Arity(s, 1, 1, "auth_pass PASSWORD"))
                    {
                        var pass = s.Args[0].Text;
                        if (AuthPassword.IsTooLong(pass))
                        {
                            // The v2 packet has 8 octets for it (RFC 2338 §5.3.10); keepalived truncates too.
                            var full = pass;
                            pass = AuthPassword.Truncate(full, out var split);
                            Warning(value, AuthPassword.TruncatedMessage("auth_pass", full, split));
                        }

                        inst.AuthPass = pass;
                        At(inst, "auth_pass", value);
                    }

                    break;
                default:
                    UnknownOrUnsupported(s, $"in authentication of vrrp_instance {inst.Name}", KeepalivedKeywords.Authentication, KeepalivedKeywords.AuthenticationUnsupported);
                    break;
            }
        }

        if (inst.AuthType == "PASS" && inst.AuthPass is null)
        {
            Error(block.Location, $"vrrp_instance {inst.Name}: auth_type PASS needs auth_pass");
        }
    }

    private void MapUnicastPeers(KeepalivedStatement s, InstanceConfig inst)
    {
        foreach (var line in ValueBlock(s, "unicast_peer { ADDRESS ... }"))
        {
            if (Address(line.Keyword, "unicast_peer") is not { } peer)
            {
                continue;
            }

            if (line.Args.Count > 0)
            {
                // min_ttl/max_ttl filter received adverts; without them we accept any TTL from the peer.
                var d = ConfigDiagnostic.Warning(line.Args[0].Location, $"unsupported: unicast_peer option '{string.Join(' ', line.Args)}' (options ignored, peer kept)");
                _diagnostics.Add(d);
                _config.Unsupported.Add(d);
            }

            if (inst.UnicastPeers.Contains(peer))
            {
                Warning(line.Location, $"unicast_peer {peer} is listed twice");
                continue;
            }

            inst.UnicastPeers.Add(peer);
        }

        // keepalived does not check the TTL of unicast adverts: routed peers arrive with less than 255.
        inst.UnicastTtlCheck = false;

        At(inst, "unicast_peers", s.Location);
    }

    /// <summary>
    /// One address per line; the rest of the line is options (keepalived's <c>parse_ipaddress</c>):
    /// <c>ADDR[/PREFIX] [dev IF] [brd ADDR|+|-] [label NAME] [scope SCOPE]</c>.
    /// </summary>
    private void MapVips(KeepalivedStatement s, List<VipConfig> target)
    {
        foreach (var line in ValueBlock(s, $"{s.Name} {{ ADDRESS[/PREFIX] [dev IF] [brd ADDR] [label NAME] [scope SCOPE] ... }}"))
        {
            if (ParseVip(line) is { } vip)
            {
                if (target.Any(v => v.Address.Equals(vip.Address)))
                {
                    Warning(line.Location, $"{s.Name}: address {vip.Address} is listed twice (second ignored)");
                    continue;
                }

                target.Add(vip);
            }
        }
    }

    private VipConfig? ParseVip(KeepalivedStatement line)
    {
        var text = line.Keyword.Text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryAddress(addressText, out var address))
        {
            Error(line.Location, $"virtual address '{text}' is not an IPv4 or IPv6 address (one address per line; the rest of the line is options)");
            return null;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = max;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (!int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > max)
            {
                Error(line.Location, $"virtual address '{text}': prefix length '{prefixText}' is not valid (allowed: 0–{max})");
                return null;
            }
        }

        var vip = new VipConfig { Address = address, PrefixLength = prefix, Location = line.Location };
        At(vip, "address", line.Location);
        if (line.Block is not null)
        {
            Error(line.Location, $"virtual address '{text}' takes no {{ }} block");
        }

        var args = line.Args;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i].Text;
            if (VipOptionsUnsupported.TryGetValue(option, out var valueCount))
            {
                var d = ConfigDiagnostic.Warning(args[i].Location, $"unsupported: address option '{option}' on {text} (option ignored, address kept)");
                _diagnostics.Add(d);
                _config.Unsupported.Add(d);
                i += valueCount;
                continue;
            }

            if (!VipOptions.Contains(option))
            {
                Error(args[i].Location, $"unknown option '{option}' on virtual address {text}{DidYouMean.HintInParentheses(option, VipOptions.Concat(VipOptionsUnsupported.Keys))} (one address per line)");
                return null;
            }

            if (i + 1 >= args.Count)
            {
                Error(args[i].Location, $"option '{option}' on virtual address {text} needs a value");
                return null;
            }

            var v = args[++i];
            switch (option)
            {
                case "dev":
                    if (!InterfaceName(v, "dev"))
                    {
                        return null;
                    }

                    vip.Device = v.Text;
                    At(vip, "device", v.Location);
                    break;
                case "label":
                    if (v.Text.Length > 15)
                    {
                        Error(v.Location, $"label '{v.Text}' is longer than 15 characters");
                        return null;
                    }

                    vip.Label = v.Text;
                    At(vip, "label", v.Location);
                    break;
                case "scope":
                    if (v.Text is not ("host" or "link" or "site" or "global" or "nowhere") &&
                        !(int.TryParse(v.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var scope) && scope <= 255))
                    {
                        Error(v.Location, $"scope '{v.Text}' is not valid (allowed: host, link, site, global, nowhere or 0–255)");
                        return null;
                    }

                    vip.Scope = v.Text;
                    At(vip, "scope", v.Location);
                    break;
                default:
                    // brd/broadcast: an address, '+' (computed from the prefix) or '-' (none).
                    if (address.AddressFamily != AddressFamily.InterNetwork)
                    {
                        Error(v.Location, $"{option} on IPv6 address {text}: IPv6 has no broadcast");
                        return null;
                    }

                    if (v.Text == "-")
                    {
                        vip.Broadcast = null;
                    }
                    else if (v.Text == "+")
                    {
                        vip.Broadcast = BroadcastOf(address, prefix);
                    }
                    else if (Address(v, option, AddressFamily.InterNetwork) is { } brd)
                    {
                        vip.Broadcast = brd;
                    }
                    else
                    {
                        return null;
                    }

                    At(vip, "broadcast", v.Location);
                    break;
            }
        }

        return vip;
    }

    private static IPAddress BroadcastOf(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var host = prefix >= 32 ? 0u : uint.MaxValue >> prefix;
        var b = value | host;
        return new IPAddress([(byte)(b >> 24), (byte)(b >> 16), (byte)(b >> 8), (byte)b]);
    }

    /// <summary><c>smtp_alert [true|false]</c> of an instance or a sync group.</summary>
    private void MapSmtpAlert(KeepalivedStatement s, ConfigNode node, Action<bool> set)
    {
        if (Arity(s, 0, 1, "smtp_alert [true|false]") && Bool(s, 0) is { } alert)
        {
            set(alert);
            At(node, "smtp_alert", s.Location);
        }
    }

    /// <summary>
    /// A notify line: the first word (quoted when it has arguments) is the command line; the optional
    /// words after it are keepalived's per-script user and group, which we do not carry.
    /// </summary>
    private void MapNotify(KeepalivedStatement s, NotifyScripts notify)
    {
        if (!Arity(s, 1, int.MaxValue, $"{s.Name} \"/path/script [ARGS]\" [USER [GROUP]]"))
        {
            return;
        }

        var (command, where, rest) = ScriptWords(s);
        if (command.Trim().Length == 0)
        {
            Error(where, $"{s.Name}: the script is empty");
            return;
        }

        if (rest.Count > 2)
        {
            Warning(rest[2].Location, $"extra words after '{s.Name}' ignored: {string.Join(' ', rest.Skip(2))} (usage: {s.Name} \"/path/script [ARGS]\" [USER [GROUP]]; quote a command with arguments)");
        }

        if (rest.Count > 0)
        {
            var words = string.Join(' ', rest.Take(2));
            var d = ConfigDiagnostic.Warning(rest[0].Location,
                $"unsupported: per-script user '{words}' on {s.Name} (runs as script_user; if these are arguments, quote the whole command: {s.Name} \"{command} {words}\")");
            _diagnostics.Add(d);
            _config.Unsupported.Add(d);
        }

        switch (s.Name)
        {
            case "notify_master":
                notify.Master = command;
                break;
            case "notify_backup":
                notify.Backup = command;
                break;
            case "notify_fault":
                notify.Fault = command;
                break;
            case "notify_stop":
                notify.Stop = command;
                break;
            default:
                notify.Any = command;
                break;
        }

        if (notify.Location == SourceLocation.Unknown)
        {
            notify.Location = s.Location;
        }

        At(notify, s.Name == "notify" ? "any" : s.Name["notify_".Length..], where);
    }
}
