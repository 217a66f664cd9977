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
}
