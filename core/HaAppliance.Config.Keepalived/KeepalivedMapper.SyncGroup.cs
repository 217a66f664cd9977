namespace HaAppliance.Config.Keepalived;

/// <summary>vrrp_sync_group.</summary>
internal sealed partial class KeepalivedMapper
{
    private void MapSyncGroup(KeepalivedStatement block, string name)
    {
        var group = new SyncGroupConfig { Name = name, Location = block.Location };
        At(group, "name", block.Args[0].Location);
        _config.SyncGroups.Add(group);

        foreach (var s in block.Block!)
        {
            switch (s.Name)
            {
                case "group":
                    foreach (var line in ValueBlock(s, "group { INSTANCE ... }"))
                    {
                        // keepalived reads the block word by word: several names may share a line.
                        foreach (var word in line.Args.Prepend(line.Keyword))
                        {
                            if (group.Instances.Contains(word.Text))
                            {
                                Warning(word.Location, $"vrrp_sync_group {name}: {word.Text} is listed twice");
                                continue;
                            }

                            group.Instances.Add(word.Text);
                            _groupMembers.Add((group, word));
                        }
                    }

                    At(group, "instances", s.Location);
                    break;
                case "notify":
                case "notify_master":
                case "notify_backup":
                case "notify_fault":
                case "notify_stop":
                    MapNotify(s, group.Notify);
                    break;
                case "smtp_alert":
                    MapSmtpAlert(s, group, alert => group.SmtpAlert = alert);
                    break;
                case "track_interface":
                case "track_script":
                case "track_process":
                case "track_file":
                    // keepalived applies the group's trackers to every member: one failing of weight 0 faults the group.
                    MapTracks(s, group, group.TrackInterfaces, group.TrackChecks, group.TrackFiles);
                    break;
                case "sync_group_tracking_weight":
                    group.TrackingWeight = true;
                    At(group, "sync_group_tracking_weight", s.Location);
                    break;
                case "global_tracking":
                    // keepalived 2 reads it as sync_group_tracking_weight, and says it is deprecated.
                    Warning(s.Location, $"vrrp_sync_group {name}: global_tracking is deprecated; read as sync_group_tracking_weight (weights of the members' trackers apply)");
                    group.TrackingWeight = true;
                    At(group, "sync_group_tracking_weight", s.Location);
                    break;
                default:
                    UnknownOrUnsupported(s, $"in vrrp_sync_group {name}", KeepalivedKeywords.SyncGroup, KeepalivedKeywords.SyncGroupUnsupported);
                    break;
            }
        }

        if (group.Instances.Count == 0)
        {
            Error(block.Location, $"vrrp_sync_group {name} has no group {{ }} of instances");
        }
    }
}
