namespace HaAppliance.Config.Keepalived;

/// <summary>track_interface, track_script, track_process and track_file blocks of a vrrp_instance or a vrrp_sync_group.</summary>
internal sealed partial class KeepalivedMapper
{
    private void MapTracks(KeepalivedStatement s, ConfigNode owner, List<TrackRef> interfaces, List<TrackRef> checks, List<TrackRef> files)
    {
        var isInterface = s.Name == "track_interface";
        var isFile = s.Name == "track_file";
        var form = isInterface ? "track_interface { IFNAME [weight N [reverse]] ... }" : $"{s.Name} {{ NAME [weight N [reverse]] ... }}";
        foreach (var line in ValueBlock(s, form))
        {
            if (isInterface && !InterfaceName(line.Keyword, "track_interface"))
            {
                continue;
            }

            var track = new TrackRef { Name = line.Name, Location = line.Location };
            var range = s.Name == "track_script" ? 253 : 254;
            if (!TrackWeight(line, 0, -range, range, track, $"{s.Name} {line.Name}"))
            {
                continue;
            }

            (isInterface ? interfaces : isFile ? files : checks).Add(track);
            if (!isInterface)
            {
                _trackKinds[track] = s.Name;
            }
        }

        At(owner, isInterface ? "track_interfaces" : isFile ? "track_files" : "track_checks", s.Location);
    }
}
