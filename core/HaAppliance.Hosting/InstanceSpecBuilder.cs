using System.Net;
using System.Net.Sockets;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting;

/// <summary>Resolves a validated configuration into the specs the event loop runs.</summary>
public static class InstanceSpecBuilder
{
    /// <summary>
    /// Builds one spec per instance. Problems that only the running system reveals (an interface that
    /// does not exist, no address to send from) are returned as diagnostics at the instance's location.
    /// </summary>
    public static (List<InstanceSpec> Specs, List<ConfigDiagnostic> Errors) Build(HaConfig config, IInterfaceResolver interfaces)
    {
        var specs = new List<InstanceSpec>();
        var errors = new List<ConfigDiagnostic>();
        var checks = config.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var inst in config.Instances)
        {
            var family = inst.Family == AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;
            if (!interfaces.TryResolve(inst.Interface, family, out var ifIndex, out var primary))
            {
                errors.Add(ConfigDiagnostic.Error(inst.Where("interface"), $"instance {inst.Name}: interface '{inst.Interface}' does not exist here"));
                continue;
            }

            var unicast = inst.UnicastPeers.Count > 0;
            var source = (unicast ? inst.UnicastSrcIp : inst.McastSrcIp) ?? primary;
            if (source is null)
            {
                errors.Add(ConfigDiagnostic.Error(inst.Where("interface"),
                    $"instance {inst.Name}: interface '{inst.Interface}' has no {(family == IpFamily.IPv4 ? "IPv4" : "IPv6 link-local")} address to send adverts from"));
                continue;
            }

            var version = inst.Version ?? config.Global.VrrpVersion;
            var group = family == IpFamily.IPv4 ? config.Global.McastGroup4 : config.Global.McastGroup6;
            var endpoint = new TransportEndpoint(inst.Interface, ifIndex, family, source,
                unicast ? [.. inst.UnicastPeers] : [group], unicast);
            var vips = inst.VirtualAddresses.Select(v => ToVip(v, inst.Interface)).ToList();
            var sync = config.SyncGroups.FirstOrDefault(g => g.Instances.Contains(inst.Name));
            var router = new RouterOptions
            {
                Name = inst.Name,
                Vrid = (byte)inst.VirtualRouterId,
                Version = version == 3 ? VrrpVersion.V3 : VrrpVersion.V2,
                Priority = (byte)Math.Clamp(inst.EffectivePriority, 1, 255),
                AdvertIntervalCentiseconds = (int)Math.Round(inst.AdvertInterval.TotalMilliseconds / 10),
                Preempt = inst.Preempt,
                PreemptDelay = inst.PreemptDelay,
                FastPreempt = inst.FastPreempt,
                AcceptMode = inst.Accept,
                PrimaryAddress = source,
                VirtualAddresses = vips.Select(v => v.Address).ToList(),
                StartAsMaster = inst.State == InitialState.Master,
                AlignAdverts = true, // hundreds of Masters: a few wake-ups per interval, not one per router
            };
            specs.Add(new InstanceSpec
            {
                Name = inst.Name,
                Router = router,
                Endpoint = endpoint,
                Vips = vips,
                ExcludedVips = inst.ExcludedAddresses.Select(v => ToVip(v, inst.Interface)).ToList(),
                AuthPass = string.Equals(inst.AuthType, "pass", StringComparison.OrdinalIgnoreCase) ? inst.AuthPass : null,
                ChecksumWithoutPseudoHeader = inst.V3ChecksumAsV2 ?? config.Global.V3ChecksumAsV2,
                CheckUnicastTtl = inst.UnicastTtlCheck,
                Checks = Counted(sync, inst.TrackChecks.Concat(inst.TrackFiles).Concat(sync?.TrackChecks ?? []).Concat(sync?.TrackFiles ?? [])
                    .Where(t => checks.ContainsKey(t.Name))
                    .Select(t => new InstanceTrack(t.Name, t.Weight ?? checks[t.Name].Weight, t.Reverse))),
                Interfaces = Counted(sync, inst.TrackInterfaces.Concat(sync?.TrackInterfaces ?? []).Select(t => new InstanceTrack(t.Name, t.Weight ?? 0, t.Reverse))),
                VipBackend = inst.VipBackend ?? config.Global.VipBackend,
                Garp = ToSchedule(inst.Garp ?? config.Global.Garp),
                SyncGroup = sync?.Name,
            });
        }

        return (specs, errors);
    }

    /// <summary>
    /// The trackers that count: all of them, except that a sync group member ignores weighted ones unless the group
    /// sets sync_group_tracking_weight (keepalived's rule: members with their own weights would elect apart).
    /// A tracked name listed twice (by the instance and by its group) counts once.
    /// </summary>
    private static List<InstanceTrack> Counted(SyncGroupConfig? sync, IEnumerable<InstanceTrack> tracks) =>
        tracks.Where(t => sync is null || sync.TrackingWeight || t.Weight == 0).DistinctBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>The announcer's schedule from the garp settings.</summary>
    public static GarpSchedule ToSchedule(GarpConfig g) => new()
    {
        MasterDelay = g.MasterDelay,
        MasterRepeat = g.MasterRepeat,
        MasterRefresh = g.MasterRefresh,
        MasterRefreshRepeat = g.MasterRefreshRepeat,
        Interval = g.Interval,
        NaInterval = g.NaInterval,
        LowerPrioRepeat = g.LowerPrioRepeat,
        LowerPrioDelay = g.LowerPrioDelay,
    };

    /// <summary>A tracked check from its configuration and the plugin instance created for it.</summary>
    public static Kernel.Tracking.TrackedCheck ToTrackedCheck(CheckConfig config, IHealthCheck check) => new()
    {
        Name = config.Name,
        Check = check,
        Interval = config.Interval,
        Timeout = config.Timeout,
        Rise = Math.Max(1, config.Rise),
        Fall = Math.Max(1, config.Fall),
        Weight = config.Weight,
        Reverse = config.Reverse,
        InitiallyHealthy = config.InitiallyHealthy,
        Fingerprint = Fingerprint(config.Type, config.Settings),
    };

    /// <summary>The checks the instances track (the only ones that run).</summary>
    public static List<CheckConfig> UsedChecks(HaConfig config)
    {
        var used = config.Instances.SelectMany(i => i.TrackChecks.Concat(i.TrackFiles))
            .Concat(config.SyncGroups.SelectMany(g => g.TrackChecks.Concat(g.TrackFiles)))
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return config.Checks.Where(c => used.Contains(c.Name)).ToList();
    }

    /// <summary>A plugin's type and settings as one string: what a reload compares (key order and case do not matter).</summary>
    public static string Fingerprint(string type, PluginSettings settings) =>
        type.ToLowerInvariant() + "\n" + string.Join("\n", settings.Values
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .Select(kv => $"{kv.Key.ToLowerInvariant()}={kv.Value}"));

    public static VipAddress ToVip(VipConfig v, string defaultDevice)
    {
        var prefix = v.PrefixLength > 0 ? v.PrefixLength : v.Address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return new VipAddress(v.Address, prefix, v.Device ?? defaultDevice, v.Label, v.Scope, v.Broadcast);
    }
}
