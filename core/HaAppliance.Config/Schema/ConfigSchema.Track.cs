using HaAppliance.Config.Yaml;
using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.TrackRef>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>An item of <c>track_script</c>, <c>track_interface</c> or <c>track_file</c> written as a mapping.</summary>
    public static ConfigSection<TrackRef> Track { get; } = new(
        "track",
        K.String("name", t => t.Name, (t, v) => t.Name = v, "the check, interface or file tracked", "required", always: true),
        K.OptionalInt("weight", t => t.Weight, (t, v) => t.Weight = v, "overrides the check's own weight", "the check's `weight`"),
        K.Bool("reverse", t => t.Reverse, (t, v) => t.Reverse = v, "keepalived's reverse: +W lowers the priority by W while up, -W raises it by W while down; weight 0: FAULT while up"));

    /// <summary>A list of tracked names (bare, or mappings with a weight or reverse) of an instance or a sync group.</summary>
    private static ConfigKey<T> TrackRefs<T>(string name, Func<T, List<TrackRef>> list, string doc)
        where T : ConfigNode, new() =>
        KeyFactory<T>.Custom(name, "`[]`", doc,
            (r, k, v, owner) => r.ReadTrackRefs(v, k, owner, list(owner)),
            (w, k, owner) => WriteTrackRefs(w, k, list(owner)));

    private static void WriteTrackRefs(YamlSink w, string key, List<TrackRef> refs)
    {
        if (refs.Count == 0)
        {
            return;
        }

        w.Key(key);
        w.BeginSeq();
        foreach (var r in refs)
        {
            // A bare name when nothing is overridden, as keepalived writes it.
            if (r.Weight is not null || r.Reverse)
            {
                w.Begin();
                Track.Write(w, r);
                w.End();
            }
            else
            {
                w.Scalar(r.Name);
            }
        }

        w.EndSeq();
    }
}
