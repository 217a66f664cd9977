using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.SyncGroupConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>A sync group under <c>sync_groups:</c>, keepalived's <c>vrrp_sync_group</c>.</summary>
    public static ConfigSection<SyncGroupConfig> SyncGroup { get; } = new(
        "sync_groups",
        K.Custom("group", "required", "instances that change state together; each in one group only",
            (r, k, v, g) => g.Instances.AddRange(r.StringList(v, k, g, k)),
            // Always written, even empty: a group is defined by its members.
            (w, k, g) =>
            {
                w.Key(k);
                w.Seq(g.Instances);
            }),
        K.Notify("notify_master", g => g.Notify, n => n.Master, (n, v) => n.Master = v, "command run when the group enters MASTER"),
        K.Notify("notify_backup", g => g.Notify, n => n.Backup, (n, v) => n.Backup = v, "command run when the group enters BACKUP"),
        K.Notify("notify_fault", g => g.Notify, n => n.Fault, (n, v) => n.Fault = v, "command run when the group enters FAULT"),
        K.Notify("notify_stop", g => g.Notify, n => n.Stop, (n, v) => n.Stop = v, "command run when the group stops"),
        K.Notify("notify", g => g.Notify, n => n.Any, (n, v) => n.Any = v, "command run on every change, with `GROUP name STATE priority` appended"),
        K.StringList("notifiers", g => g.Notifiers, "names from `notifiers:`"),
        K.OptionalBool("smtp_alert", g => g.SmtpAlert, (g, v) => g.SmtpAlert = v, "mail on state change using the `global` mail settings", "–"),
        TrackRefs<SyncGroupConfig>("track_interface", g => g.TrackInterfaces, "interfaces tracked by every member: one down (weight 0) puts the group in FAULT"),
        TrackRefs<SyncGroupConfig>("track_script", g => g.TrackChecks, "checks (from `checks:`) tracked by every member: one failing (weight 0) puts the group in FAULT"),
        TrackRefs<SyncGroupConfig>("track_file", g => g.TrackFiles, "files tracked by every member"),
        K.Bool("sync_group_tracking_weight", g => g.TrackingWeight, (g, v) => g.TrackingWeight = v,
            "apply the weights of the members' trackers; without it weighted trackers of members are ignored, as keepalived does (weight 0 always counts)"));
}
