using System.Globalization;
using System.Net;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HaAppliance.Config.Yaml;

/// <summary>
/// Writes a model in the native schema (for <c>haapp convert</c>). Only values that differ from the
/// model's defaults are written, so a converted keepalived.conf stays as short as the original.
/// YamlDotNet's emitter does the quoting.
/// </summary>
public static class ConfigYamlWriter
{
    public static void Write(HaConfig config, TextWriter writer)
    {
        var e = new Emitter(writer, bestIndent: 2);
        var w = new Sink(e);
        e.Emit(new StreamStart());
        e.Emit(new DocumentStart());
        w.Begin();
        WriteGlobal(w, config.Global);
        if (config.PluginFolders.Count > 0)
        {
            w.Key("plugin_folders");
            w.Seq(config.PluginFolders);
        }

        if (config.Checks.Count > 0)
        {
            w.Key("checks");
            w.Begin();
            foreach (var c in config.Checks)
            {
                WriteCheck(w, c);
            }

            w.End();
        }

        if (config.Notifiers.Count > 0)
        {
            w.Key("notifiers");
            w.Begin();
            foreach (var n in config.Notifiers)
            {
                w.Key(n.Name);
                w.Begin();
                w.Pair("type", n.Type);
                WriteSettings(w, n.Settings);
                w.End();
            }

            w.End();
        }

        if (config.Instances.Count > 0)
        {
            w.Key("instances");
            w.Begin();
            foreach (var i in config.Instances)
            {
                WriteInstance(w, i);
            }

            w.End();
        }

        if (config.SyncGroups.Count > 0)
        {
            w.Key("sync_groups");
            w.Begin();
            foreach (var g in config.SyncGroups)
            {
                w.Key(g.Name);
                w.Begin();
                w.Key("group");
                w.Seq(g.Instances);
                WriteNotify(w, g.Notify);
                if (g.Notifiers.Count > 0)
                {
                    w.Key("notifiers");
                    w.Seq(g.Notifiers);
                }

                if (g.SmtpAlert is { } sa)
                {
                    w.Pair("smtp_alert", sa);
                }

                w.End();
            }

            w.End();
        }

        w.End();
        e.Emit(new DocumentEnd(isImplicit: true));
        e.Emit(new StreamEnd());
    }

    public static string Write(HaConfig config)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(config, sw);
        return sw.ToString();
    }

    private static void WriteGlobal(Sink w, GlobalConfig g)
    {
        var d = new GlobalConfig();
        var pairs = new List<(string, string)>();
        void Add(string key, string? value, string? def)
        {
            if (value is not null && value != def)
            {
                pairs.Add((key, value));
            }
        }

        Add("router_id", g.RouterId, d.RouterId);
        Add("vrrp_version", Num(g.VrrpVersion), Num(d.VrrpVersion));
        Add("vrrp_mcast_group4", g.McastGroup4.ToString(), d.McastGroup4.ToString());
        Add("vrrp_mcast_group6", g.McastGroup6.ToString(), d.McastGroup6.ToString());
        Add("vrrp_strict", Bool(g.Strict), Bool(d.Strict));
        Add("v3_checksum_as_v2", Bool(g.V3ChecksumAsV2), Bool(d.V3ChecksumAsV2));
        Add("vip_backend", g.VipBackend, d.VipBackend);
        Add("script_user", g.ScriptUser, d.ScriptUser);
        Add("script_group", g.ScriptGroup, d.ScriptGroup);
        Add("enable_script_security", Bool(g.EnableScriptSecurity), Bool(d.EnableScriptSecurity));
        Add("script_timeout", Duration.Format(g.ScriptTimeout), Duration.Format(d.ScriptTimeout));
        Add("notification_email_from", g.NotificationEmailFrom, d.NotificationEmailFrom);
        Add("smtp_server", g.SmtpServer, d.SmtpServer);
        Add("smtp_port", Num(g.SmtpPort), Num(d.SmtpPort));
        Add("smtp_connect_timeout", Duration.Format(g.SmtpConnectTimeout), Duration.Format(d.SmtpConnectTimeout));
        Add("state_dir", g.StateDir, d.StateDir);
        Add("control_socket", g.ControlSocket, d.ControlSocket);
        Add("notify_fifo", g.NotifyFifo, d.NotifyFifo);
        var garp = GarpPairs(g.Garp);
        if (pairs.Count == 0 && g.NotificationEmail.Count == 0 && garp.Count == 0)
        {
            return;
        }

        w.Key("global");
        w.Begin();
        foreach (var (k, v) in pairs)
        {
            w.Pair(k, v);
        }

        if (g.NotificationEmail.Count > 0)
        {
            w.Key("notification_email");
            w.Seq(g.NotificationEmail);
        }

        WriteGarp(w, garp);
        w.End();
    }

    private static List<(string, string)> GarpPairs(GarpConfig g)
    {
        var d = new GarpConfig();
        var pairs = new List<(string, string)>();
        void Add(string key, string value, string def)
        {
            if (value != def)
            {
                pairs.Add((key, value));
            }
        }

        Add("master_delay", Duration.Format(g.MasterDelay), Duration.Format(d.MasterDelay));
        Add("master_repeat", Num(g.MasterRepeat), Num(d.MasterRepeat));
        Add("master_refresh", Duration.Format(g.MasterRefresh), Duration.Format(d.MasterRefresh));
        Add("master_refresh_repeat", Num(g.MasterRefreshRepeat), Num(d.MasterRefreshRepeat));
        Add("interval", Duration.Format(g.Interval), Duration.Format(d.Interval));
        Add("na_interval", Duration.Format(g.NaInterval), Duration.Format(d.NaInterval));
        Add("lower_prio_repeat", Num(g.LowerPrioRepeat), Num(d.LowerPrioRepeat));
        // keepalived's garp_lower_prio_delay; unset means "as master_delay", so only an explicit value is written.
        if (g.LowerPrioDelay is { } lowerDelay)
        {
            pairs.Add(("lower_prio_delay", Duration.Format(lowerDelay)));
        }
        return pairs;
    }

    private static void WriteGarp(Sink w, List<(string, string)> pairs, bool always = false)
    {
        if (pairs.Count == 0 && !always)
        {
            return;
        }

        w.Key("garp");
        w.Begin();
        foreach (var (k, v) in pairs)
        {
            w.Pair(k, v);
        }

        w.End();
    }

    private static void WriteCheck(Sink w, CheckConfig c)
    {
        var d = new CheckConfig();
        w.Key(c.Name);
        w.Begin();
        w.Pair("type", c.Type);
        if (c.Interval != d.Interval)
        {
            w.Pair("interval", Duration.Format(c.Interval));
        }

        if (c.Timeout != d.Timeout)
        {
            w.Pair("timeout", Duration.Format(c.Timeout));
        }

        if (c.Rise != d.Rise)
        {
            w.Pair("rise", Num(c.Rise));
        }

        if (c.Fall != d.Fall)
        {
            w.Pair("fall", Num(c.Fall));
        }

        if (c.Weight != d.Weight)
        {
            w.Pair("weight", Num(c.Weight));
        }

        if (c.Reverse)
        {
            w.Pair("reverse", true);
        }

        if (!c.InitiallyHealthy)
        {
            w.Pair("init", "fail");
        }

        WriteSettings(w, c.Settings);
        w.End();
    }

    /// <summary>Un-flattens <c>a:b:0</c> keys back into nested mappings and lists.</summary>
    private static void WriteSettings(Sink w, PluginSettings settings)
    {
        var root = new SettingsNode();
        foreach (var (key, value) in settings.Values)
        {
            var node = root;
            foreach (var part in key.Split(':'))
            {
                node = node.Children.TryGetValue(part, out var child) ? child : node.Children[part] = new SettingsNode();
            }

            node.Value = value;
            node.IsLeaf = true;
        }

        foreach (var (k, child) in root.Children)
        {
            w.Key(k);
            WriteSettingsNode(w, child);
        }
    }

    private static void WriteSettingsNode(Sink w, SettingsNode node)
    {
        if (node.IsLeaf && node.Children.Count == 0)
        {
            if (node.Value is null)
            {
                w.Null();
            }
            else
            {
                w.SettingScalar(node.Value);
            }

            return;
        }

        var keys = node.Children.Keys.ToList();
        var isList = keys.Count > 0 && keys.Select((k, i) => k == Num(i)).All(x => x);
        if (isList)
        {
            w.BeginSeq();
            foreach (var k in keys)
            {
                WriteSettingsNode(w, node.Children[k]);
            }

            w.EndSeq();
            return;
        }

        w.Begin();
        foreach (var (k, child) in node.Children)
        {
            w.Key(k);
            WriteSettingsNode(w, child);
        }

        w.End();
    }

    private static void WriteInstance(Sink w, InstanceConfig i)
    {
        var d = new InstanceConfig();
        w.Key(i.Name);
        w.Begin();
        if (i.State != d.State)
        {
            w.Pair("state", i.State == InitialState.Master ? "MASTER" : "BACKUP");
        }

        w.Pair("interface", i.Interface);
        w.Pair("virtual_router_id", Num(i.VirtualRouterId));
        if (i.Priority is { } p)
        {
            w.Pair("priority", Num(p));
        }

        if (i.AdvertInterval != d.AdvertInterval)
        {
            w.Pair("advert_int", Duration.Format(i.AdvertInterval));
        }

        if (i.Version is { } v)
        {
            w.Pair("version", Num(v));
        }

        if (i.Preempt != d.Preempt)
        {
            w.Pair("preempt", i.Preempt);
        }

        if (i.PreemptDelay != d.PreemptDelay)
        {
            w.Pair("preempt_delay", Duration.Format(i.PreemptDelay));
        }

        if (i.FastPreempt)
        {
            w.Pair("fast_preempt", true);
        }

        if (i.Accept != d.Accept)
        {
            w.Pair("accept", i.Accept);
        }

        if (i.AuthType is not null || i.AuthPass is not null)
        {
            w.Key("authentication");
            w.Begin();
            if (i.AuthType is not null)
            {
                w.Pair("auth_type", i.AuthType);
            }

            if (i.AuthPass is not null)
            {
                w.Pair("auth_pass", i.AuthPass);
            }

            w.End();
        }

        if (i.McastSrcIp is not null)
        {
            w.Pair("mcast_src_ip", i.McastSrcIp.ToString());
        }

        if (i.UnicastSrcIp is not null)
        {
            w.Pair("unicast_src_ip", i.UnicastSrcIp.ToString());
        }

        if (i.UnicastPeers.Count > 0)
        {
            w.Key("unicast_peer");
            w.Seq(i.UnicastPeers.Select(a => a.ToString()));
        }

        WriteVips(w, "virtual_ipaddress", i.VirtualAddresses);
        WriteVips(w, "virtual_ipaddress_excluded", i.ExcludedAddresses);
        WriteTrackRefs(w, "track_interface", i.TrackInterfaces);
        WriteTrackRefs(w, "track_script", i.TrackChecks);
        WriteTrackRefs(w, "track_file", i.TrackFiles);
        WriteNotify(w, i.Notify);
        if (i.Notifiers.Count > 0)
        {
            w.Key("notifiers");
            w.Seq(i.Notifiers);
        }

        if (i.SmtpAlert is { } sa)
        {
            w.Pair("smtp_alert", sa);
        }

        if (i.Garp is { } garp)
        {
            WriteGarp(w, GarpPairs(garp), always: true);
        }

        if (i.VipBackend is not null)
        {
            w.Pair("vip_backend", i.VipBackend);
        }

        if (i.V3ChecksumAsV2 is { } cs)
        {
            w.Pair("v3_checksum_as_v2", cs);
        }

        w.End();
    }

    private static void WriteVips(Sink w, string key, List<VipConfig> vips)
    {
        if (vips.Count == 0)
        {
            return;
        }

        w.Key(key);
        w.BeginSeq();
        foreach (var vip in vips)
        {
            // keepalived's one-line form: what operators already read.
            var line = $"{vip.Address}/{vip.PrefixLength}";
            if (vip.Broadcast is not null)
            {
                line += $" brd {vip.Broadcast}";
            }

            if (vip.Device is not null)
            {
                line += $" dev {vip.Device}";
            }

            if (vip.Scope is not null)
            {
                line += $" scope {vip.Scope}";
            }

            if (vip.Label is not null)
            {
                line += $" label {vip.Label}";
            }

            w.Scalar(line);
        }

        w.EndSeq();
    }

    private static void WriteTrackRefs(Sink w, string key, List<TrackRef> refs)
    {
        if (refs.Count == 0)
        {
            return;
        }

        w.Key(key);
        w.BeginSeq();
        foreach (var r in refs)
        {
            if (r.Weight is null && !r.Reverse)
            {
                w.Scalar(r.Name);
                continue;
            }

            w.Begin();
            w.Pair("name", r.Name);
            if (r.Weight is { } weight)
            {
                w.Pair("weight", Num(weight));
            }

            if (r.Reverse)
            {
                w.Pair("reverse", true);
            }

            w.End();
        }

        w.EndSeq();
    }

    private static void WriteNotify(Sink w, NotifyScripts n)
    {
        foreach (var (k, v) in new[] { ("notify_master", n.Master), ("notify_backup", n.Backup), ("notify_fault", n.Fault), ("notify_stop", n.Stop), ("notify", n.Any) })
        {
            if (v is not null)
            {
                w.Pair(k, v);
            }
        }
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "true" : "false";

    private sealed class SettingsNode
    {
        public Dictionary<string, SettingsNode> Children { get; } = new(StringComparer.Ordinal);

        public string? Value { get; set; }

        public bool IsLeaf { get; set; }
    }

    /// <summary>Thin helper over the emitter's event stream.</summary>
    private sealed class Sink(IEmitter e)
    {
        public void Begin() => e.Emit(new MappingStart(null, null, true, MappingStyle.Block));

        public void End() => e.Emit(new MappingEnd());

        public void BeginSeq() => e.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));

        public void EndSeq() => e.Emit(new SequenceEnd());

        public void Key(string key) => Scalar(key);

        /// <summary>A string value; quoted by the emitter when it would otherwise read as another type.</summary>
        public void Scalar(string value)
        {
            var plainIsString = !(value is "" or "~" or "null" or "true" or "false" or "yes" or "no" or "on" or "off"
                || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, plainIsString ? ScalarStyle.Any : ScalarStyle.DoubleQuoted, true, true));
        }

        /// <summary>Plugin settings are strings whatever they look like; only null-like text needs quotes.</summary>
        public void SettingScalar(string value) =>
            e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, value is "" or "~" or "null" or "Null" or "NULL" ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true));

        /// <summary>A value known to be a number, duration, address or enum word: written plain.</summary>
        public void Pair(string key, string value)
        {
            Key(key);
            var plain = value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] == '-' || IPAddress.TryParse(value, out _)) && !value.Contains(' ', StringComparison.Ordinal);
            if (plain)
            {
                e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value, ScalarStyle.Plain, true, false));
            }
            else
            {
                Scalar(value);
            }
        }

        public void Pair(string key, bool value)
        {
            Key(key);
            e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value ? "true" : "false", ScalarStyle.Plain, true, false));
        }

        public void Null() => e.Emit(new YamlDotNet.Core.Events.Scalar(null, null, "~", ScalarStyle.Plain, true, false));

        public void Seq(IEnumerable<string> items)
        {
            BeginSeq();
            foreach (var item in items)
            {
                Scalar(item);
            }

            EndSeq();
        }
    }
}
