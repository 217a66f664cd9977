using HaAppliance.Config.Yaml;
using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.InstanceConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>An instance under <c>instances:</c>, keepalived's <c>vrrp_instance</c>.</summary>
    public static ConfigSection<InstanceConfig> Instance { get; } = new(
        "instances",
        K.Custom("state", "`BACKUP`", "starting state hint, `MASTER` or `BACKUP`; the election is decided by priority",
            (r, k, v, i) =>
            {
                switch (r.Str(v, k)?.ToUpperInvariant())
                {
                    case null: break;
                    case "MASTER": i.State = InitialState.Master; break;
                    case "BACKUP": i.State = InitialState.Backup; break;
                    case var other: r.Error(r.Loc(v), $"'state' is '{other}'; allowed: MASTER, BACKUP"); break;
                }
            },
            (w, k, i) =>
            {
                if (i.State != InitialState.Backup)
                {
                    w.Pair(k, i.State == InitialState.Master ? "MASTER" : "BACKUP");
                }
            }),
        K.String("interface", i => i.Interface, (i, v) => i.Interface = v, "interface that carries the VIPs and the adverts", "required", always: true),
        K.Int("virtual_router_id", i => i.VirtualRouterId, (i, v) => i.VirtualRouterId = v,
            "1–255; the same on every node of the group; unique per interface and address family", "required", always: true),
        K.OptionalInt("priority", i => i.Priority, (i, v) => i.Priority = v, "1–255, higher wins (keepalived's rule for the default)", "255 if `state: MASTER`, else 100"),
        K.Duration("advert_int", i => i.AdvertInterval, (i, v) => i.AdvertInterval = v, "VRRPv2: whole seconds 1s–255s; VRRPv3: 10ms–40.95s in 10 ms steps"),
        K.OptionalInt("version", i => i.Version, (i, v) => i.Version = v, "2 or 3", "`global.vrrp_version`"),
        K.Bool("preempt", i => i.Preempt, (i, v) => i.Preempt = v, "whether a higher-priority backup takes over from a running master"),
        // keepalived's spelling; read into Preempt and written back as 'preempt'.
        K.Custom("nopreempt", "`false`", "`nopreempt: true` is `preempt: false` (keepalived's spelling); write one of the two",
            (r, k, v, i) =>
            {
                if (r.Bool(v, k) is { } nopreempt)
                {
                    i.Preempt = !nopreempt;
                }
            },
            write: null),
        K.Duration("preempt_delay", i => i.PreemptDelay, (i, v) => i.PreemptDelay = v, "0s–1000s wait after start before preempting"),
        K.Bool("fast_preempt", i => i.FastPreempt, (i, v) => i.FastPreempt = v, "take over at once on hearing a lower-priority master"),
        K.Bool("accept", i => i.Accept, (i, v) => i.Accept = v, "RFC 5798 accept mode"),
        K.Custom("authentication", "none", "VRRPv2 only: `{auth_type: PASS, auth_pass: secret}` (8 bytes are sent)",
            (r, k, v, i) => r.ReadAuthentication(v, i),
            WriteAuthentication),
        K.Address("mcast_src_ip", i => i.McastSrcIp, (i, v) => i.McastSrcIp = v, "source address of multicast adverts", "interface address"),
        K.Address("unicast_src_ip", i => i.UnicastSrcIp, (i, v) => i.UnicastSrcIp = v, "source address of unicast adverts", "interface address"),
        K.Custom("unicast_peer", "`[]`", "send adverts by unicast to these addresses instead of multicast",
            (r, k, v, i) => r.ReadAddresses(v, k, i, i.UnicastPeers),
            (w, k, i) =>
            {
                if (i.UnicastPeers.Count > 0)
                {
                    w.Key(k);
                    w.Seq(i.UnicastPeers.Select(a => a.ToString()));
                }
            }),
        K.Bool("unicast_ttl_check", i => i.UnicastTtlCheck, (i, v) => i.UnicastTtlCheck = v,
            "with `unicast_peer`: discard adverts whose TTL / hop limit is not 255 (RFC 9568); `false` accepts routed peers, as keepalived does for every unicast instance (a converted keepalived.conf sets it)"),
        Vips("virtual_ipaddress", i => i.VirtualAddresses, "the VIPs (see below); one address family per instance"),
        Vips("virtual_ipaddress_excluded", i => i.ExcludedAddresses, "addresses managed with the instance but not carried in adverts (e.g. the other family)"),
        TrackRefs<InstanceConfig>("track_interface", i => i.TrackInterfaces, "interfaces whose link state is tracked"),
        TrackRefs<InstanceConfig>("track_script", i => i.TrackChecks, "checks (by name, from `checks:`) whose result changes the priority"),
        TrackRefs<InstanceConfig>("track_file", i => i.TrackFiles, "files whose content (a number) changes the priority"),
        K.Notify("notify_master", i => i.Notify, n => n.Master, (n, v) => n.Master = v, "command run on entering MASTER"),
        K.Notify("notify_backup", i => i.Notify, n => n.Backup, (n, v) => n.Backup = v, "command run on entering BACKUP"),
        K.Notify("notify_fault", i => i.Notify, n => n.Fault, (n, v) => n.Fault = v, "command run on entering FAULT"),
        K.Notify("notify_stop", i => i.Notify, n => n.Stop, (n, v) => n.Stop = v, "command run when the instance stops"),
        K.Notify("notify", i => i.Notify, n => n.Any, (n, v) => n.Any = v, "command run on every change, with `INSTANCE name STATE priority` appended"),
        K.StringList("notifiers", i => i.Notifiers, "names from `notifiers:`"),
        K.OptionalBool("smtp_alert", i => i.SmtpAlert, (i, v) => i.SmtpAlert = v, "mail on state change using the `global` mail settings", "–"),
        K.Custom("garp", "`global.garp`", "per-instance override of the `garp` settings",
            (r, k, v, i) => i.Garp = r.ReadGarp(v, $"instance '{i.Name}' garp"),
            (w, k, i) =>
            {
                // Written even when empty: an instance's garp replaces the global one as a whole.
                if (i.Garp is { } garp)
                {
                    w.Key(k);
                    w.Begin();
                    Garp.Write(w, garp);
                    w.End();
                }
            }),
        K.String("vip_backend", i => i.VipBackend, (i, v) => i.VipBackend = v, "per-instance VIP backend plugin type", "`global.vip_backend`"),
        K.OptionalBool("v3_checksum_as_v2", i => i.V3ChecksumAsV2, (i, v) => i.V3ChecksumAsV2 = v, "per-instance override", "`global.v3_checksum_as_v2`"));

    /// <summary><c>authentication:</c> of an instance; its keys are kept on the instance itself.</summary>
    public static ConfigSection<InstanceConfig> Authentication { get; } = new(
        "authentication",
        K.String("auth_type", i => i.AuthType, (i, v) => i.AuthType = v.ToUpperInvariant(), "`PASS` (or `NONE`); VRRPv2 only"),
        K.String("auth_pass", i => i.AuthPass, (i, v) => i.AuthPass = v, "the password; only its first 8 bytes (UTF-8) are sent, as keepalived does; longer ones are cut with a warning"));

    private static void WriteAuthentication(YamlSink w, string key, InstanceConfig i)
    {
        if (Authentication.HasValues(i, w))
        {
            w.Key(key);
            w.Begin();
            Authentication.Write(w, i);
            w.End();
        }
    }

    private static ConfigKey<InstanceConfig> Vips(string name, Func<InstanceConfig, List<VipConfig>> list, string doc) =>
        K.Custom(name, "`[]`", doc,
            (r, k, v, i) => r.ReadVips(v, k, i, list(i)),
            (w, k, i) =>
            {
                if (list(i).Count > 0)
                {
                    w.Key(k);
                    w.Seq(list(i).Select(VipLine));
                }
            });

    /// <summary>keepalived's one-line form of a VIP: what operators already read.</summary>
    private static string VipLine(VipConfig vip)
    {
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

        return line;
    }
}
