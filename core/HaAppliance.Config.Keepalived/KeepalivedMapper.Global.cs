using System.Net.Sockets;

namespace HaAppliance.Config.Keepalived;

/// <summary>global_defs.</summary>
internal sealed partial class KeepalivedMapper
{
    // keepalived's own limit for second-valued timers (UINT_MAX / TIMER_HZ).
    private const decimal MaxTimerSeconds = 4294;

    private void MapGlobal(KeepalivedStatement block)
    {
        var g = _config.Global;
        if (g.Location == SourceLocation.Unknown)
        {
            g.Location = block.Location;
        }

        foreach (var s in block.Block!)
        {
            var value = s.Args.Count > 0 ? s.Args[0].Location : s.Location;
            switch (s.Name)
            {
                case "router_id":
                    if (Arity(s, 1, 1, "router_id NAME"))
                    {
                        g.RouterId = s.Args[0].Text;
                        At(g, "router_id", value);
                    }

                    break;
                case "notification_email":
                    foreach (var line in ValueBlock(s, "notification_email { address ... }"))
                    {
                        foreach (var word in line.Args.Prepend(line.Keyword))
                        {
                            // keepalived takes any word: "root" is a local mailbox the SMTP server delivers (as in
                            // keepalived's own samples). Only a word that cannot be a mailbox would surprise.
                            if (!IsMailbox(word.Text))
                            {
                                Warning(word.Location, $"notification_email '{word.Text}' does not look like a mailbox (user or user@domain); it is passed to the SMTP server as written");
                            }

                            g.NotificationEmail.Add(word.Text);
                        }

                        if (line.Block is not null)
                        {
                            Error(line.Location, "notification_email entries take no { } block");
                        }
                    }

                    At(g, "notification_email", s.Location);
                    break;
                case "notification_email_from":
                    if (Arity(s, 1, 1, "notification_email_from ADDRESS"))
                    {
                        g.NotificationEmailFrom = s.Args[0].Text;
                        At(g, "notification_email_from", value);
                    }

                    break;
                case "smtp_server":
                    if (Arity(s, 1, 2, "smtp_server ADDRESS|HOSTNAME [PORT]"))
                    {
                        var host = s.Args[0].Text;
                        if (host.Contains(':', StringComparison.Ordinal) && !TryAddress(host, out _))
                        {
                            Error(s.Args[0].Location, $"smtp_server '{host}' is not an address or host name");
                            break;
                        }

                        g.SmtpServer = host;
                        At(g, "smtp_server", value);
                        if (s.Args.Count > 1 && Int(s, 1, 1, 65535, "smtp_server port") is { } port)
                        {
                            g.SmtpPort = port;
                            At(g, "smtp_port", s.Args[1].Location);
                        }
                    }

                    break;
                case "smtp_connect_timeout":
                    if (Arity(s, 1, 1, "smtp_connect_timeout SECONDS") && Int(s, 0, 0, (long)MaxTimerSeconds) is { } timeout)
                    {
                        // keepalived turns 0 into 1 second.
                        g.SmtpConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, timeout));
                        At(g, "smtp_connect_timeout", value);
                    }

                    break;
                case "smtp_alert":
                case "smtp_alert_vrrp":
                    if (Arity(s, 0, 1, $"{s.Name} [true|false]") && Bool(s, 0) is { } alert)
                    {
                        _globalSmtpAlert = alert;
                    }

                    break;
                case "script_user":
                    if (Arity(s, 1, 2, "script_user USER [GROUP]"))
                    {
                        g.ScriptUser = s.Args[0].Text;
                        At(g, "script_user", value);
                        if (s.Args.Count > 1)
                        {
                            g.ScriptGroup = s.Args[1].Text;
                            At(g, "script_group", s.Args[1].Location);
                        }
                    }

                    break;
                case "enable_script_security":
                    if (Arity(s, 0, 0, "enable_script_security"))
                    {
                        g.EnableScriptSecurity = true;
                        At(g, "enable_script_security", s.Location);
                    }

                    break;
                case "vrrp_version":
                    if (Arity(s, 1, 1, "vrrp_version 2|3") && Int(s, 0, 2, 3) is { } version)
                    {
                        g.VrrpVersion = version;
                        At(g, "vrrp_version", value);
                    }

                    break;
                case "vrrp_startup_delay":
                case "vrrp_delay_after_boot":
                    if (Arity(s, 1, 1, $"{s.Name} SECONDS") && Seconds(s, 0, 0, MaxTimerSeconds) is { } delay)
                    {
                        if (s.Name == "vrrp_startup_delay")
                        {
                            g.StartupDelay = delay;
                        }
                        else
                        {
                            g.DelayAfterBoot = delay;
                        }

                        At(g, s.Name, value);
                    }

                    break;
                case "vrrp_strict":
                    if (Arity(s, 0, 0, "vrrp_strict"))
                    {
                        g.Strict = true;
                        At(g, "strict", s.Location);
                    }

                    break;
                case "v3_checksum_as_v2":
                    if (Arity(s, 0, 0, "v3_checksum_as_v2"))
                    {
                        g.V3ChecksumAsV2 = true;
                        At(g, "v3_checksum_as_v2", s.Location);
                    }

                    break;
                case "vrrp_mcast_group4":
                    if (Arity(s, 1, 1, "vrrp_mcast_group4 IPV4-MULTICAST-ADDRESS") && Address(s.Args[0], s.Name, AddressFamily.InterNetwork) is { } group4)
                    {
                        if (group4.GetAddressBytes()[0] is < 224 or > 239)
                        {
                            Error(value, $"vrrp_mcast_group4 '{group4}' is not a multicast address (allowed: 224.0.0.0–239.255.255.255)");
                            break;
                        }

                        g.McastGroup4 = group4;
                        At(g, "mcast_group4", value);
                    }

                    break;
                case "vrrp_mcast_group6":
                    if (Arity(s, 1, 1, "vrrp_mcast_group6 IPV6-MULTICAST-ADDRESS") && Address(s.Args[0], s.Name, AddressFamily.InterNetworkV6) is { } group6)
                    {
                        if (!group6.IsIPv6Multicast)
                        {
                            Error(value, $"vrrp_mcast_group6 '{group6}' is not a multicast address (allowed: ff00::/8)");
                            break;
                        }

                        g.McastGroup6 = group6;
                        At(g, "mcast_group6", value);
                    }

                    break;
                case "notify_fifo":
                case "vrrp_notify_fifo":
                    if (Arity(s, 1, 3, $"{s.Name} PATH [USER [GROUP]]"))
                    {
                        g.NotifyFifo = s.Args[0].Text;
                        At(g, "notify_fifo", value);
                        if (s.Args.Count > 1)
                        {
                            var d = ConfigDiagnostic.Warning(s.Args[1].Location, $"unsupported: {s.Name} owner '{string.Join(' ', s.Args.Skip(1))}' (the FIFO keeps the daemon's owner)");
                            _diagnostics.Add(d);
                            _config.Unsupported.Add(d);
                        }
                    }

                    break;
                default:
                    if (!MapGarp(s, g.Garp, "vrrp_", g))
                    {
                        UnknownOrUnsupported(s, "in global_defs", KeepalivedKeywords.Global, KeepalivedKeywords.GlobalUnsupported);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The GARP keywords, global (<c>vrrp_garp_*</c>, <c>vrrp_gna_interval</c>) or per instance (<c>garp_*</c>).
    /// Returns false when the keyword is not one of them.
    /// </summary>
    private bool MapGarp(KeepalivedStatement s, GarpConfig garp, string prefix, ConfigNode locations)
    {
        if (!s.Name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var name = s.Name[prefix.Length..];
        var apply = GarpSetter(s, name);
        if (apply is null)
        {
            return false;
        }

        apply(garp);
        At(locations, "garp_" + name.Replace("garp_", "", StringComparison.Ordinal), s.Args.Count > 0 ? s.Args[0].Location : s.Location);
        return true;
    }

    /// <summary>Parses one GARP keyword (without its vrrp_ prefix) into a setter; null when not a GARP keyword.</summary>
    private Action<GarpConfig>? GarpSetter(KeepalivedStatement s, string name)
    {
        Action<GarpConfig> none = _ => { };
        switch (name)
        {
            case "garp_master_delay":
                return Arity(s, 1, 1, $"{s.Name} SECONDS") && Int(s, 0, 0, (long)MaxTimerSeconds) is { } delay
                    ? g => g.MasterDelay = TimeSpan.FromSeconds(delay)
                    : none;
            case "garp_master_repeat":
                return Arity(s, 1, 1, $"{s.Name} COUNT") && Int(s, 0, 1, int.MaxValue) is { } repeat
                    ? g => g.MasterRepeat = repeat
                    : none;
            case "garp_master_refresh":
                return Arity(s, 1, 1, $"{s.Name} SECONDS") && Int(s, 0, 0, (long)MaxTimerSeconds) is { } refresh
                    ? g => g.MasterRefresh = TimeSpan.FromSeconds(refresh)
                    : none;
            case "garp_master_refresh_repeat":
                return Arity(s, 1, 1, $"{s.Name} COUNT") && Int(s, 0, 1, int.MaxValue) is { } refreshRepeat
                    ? g => g.MasterRefreshRepeat = refreshRepeat
                    : none;
            case "garp_lower_prio_delay":
                return Arity(s, 1, 1, $"{s.Name} SECONDS") && Int(s, 0, 0, (long)MaxTimerSeconds) is { } lowerDelay
                    ? g => g.LowerPrioDelay = TimeSpan.FromSeconds(lowerDelay)
                    : none;
            case "garp_lower_prio_repeat":
                return Arity(s, 1, 1, $"{s.Name} COUNT") && Int(s, 0, 0, int.MaxValue) is { } lowerRepeat
                    ? g => g.LowerPrioRepeat = lowerRepeat
                    : none;
            case "garp_interval":
                return Arity(s, 1, 1, $"{s.Name} SECONDS") && !ZeroInterval(s, "gratuitous ARPs") && Seconds(s, 0, 0.000001m, MaxTimerSeconds) is { } interval
                    ? g => g.Interval = interval
                    : none;
            case "gna_interval":
                return Arity(s, 1, 1, $"{s.Name} SECONDS") && !ZeroInterval(s, "unsolicited NAs") && Seconds(s, 0, 0.000001m, MaxTimerSeconds) is { } naInterval
                    ? g => g.NaInterval = naInterval
                    : none;
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>vrrp_garp_interval 0</c> / <c>vrrp_gna_interval 0</c>, common in stock configurations: keepalived
    /// complains and keeps its default, which is no delay between packets. We keep the default too, with a warning.
    /// </summary>
    private bool ZeroInterval(KeepalivedStatement s, string what)
    {
        var token = s.Args[0];
        if (!decimal.TryParse(token.Text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value) || value != 0)
        {
            return false;
        }

        Warning(token.Location, $"{s.Name} 0 is keepalived's default (no delay between {what}); the line has no effect");
        return true;
    }

    /// <summary>A local user (<c>root</c>) or <c>user@domain</c>: RFC 5322 atoms around at most one '@'.</summary>
    private static bool IsMailbox(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var local = at < 0 ? text : text[..at];
        var domain = at < 0 ? null : text[(at + 1)..];
        return IsDotAtoms(local, "!#$%&'*+-/=?^_`{|}~") && (domain is null || IsDotAtoms(domain, "-"));

        static bool IsDotAtoms(string part, string extra) =>
            part.Length > 0 && part.Split('.').All(atom => atom.Length > 0 && atom.All(c => char.IsAsciiLetterOrDigit(c) || extra.Contains(c, StringComparison.Ordinal)));
    }
}
