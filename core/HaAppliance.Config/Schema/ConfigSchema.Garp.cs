using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.GarpConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary><c>garp:</c> in <c>global</c>, or in an instance to override it (keepalived's garp_* and vrrp_garp_*).</summary>
    public static ConfigSection<GarpConfig> Garp { get; } = new(
        "garp",
        K.Duration("master_delay", g => g.MasterDelay, (g, v) => g.MasterDelay = v, "delay before the second burst after becoming master; 0 disables it"),
        K.Int("master_repeat", g => g.MasterRepeat, (g, v) => g.MasterRepeat = v, "gratuitous ARPs / NAs in each burst"),
        K.Duration("master_refresh", g => g.MasterRefresh, (g, v) => g.MasterRefresh = v, "interval of a periodic refresh while master; 0s: off"),
        K.Int("master_refresh_repeat", g => g.MasterRefreshRepeat, (g, v) => g.MasterRefreshRepeat = v, "gratuitous ARPs / NAs at each refresh"),
        K.Duration("interval", g => g.Interval, (g, v) => g.Interval = v, "delay between gratuitous ARPs on one interface (vrrp_garp_interval)"),
        K.Duration("na_interval", g => g.NaInterval, (g, v) => g.NaInterval = v, "delay between unsolicited NAs on one interface (vrrp_gna_interval)"),
        // keepalived's garp_lower_prio_repeat / _delay; unset means "as master_repeat / master_delay", so only explicit values are written.
        K.OptionalInt("lower_prio_repeat", g => g.LowerPrioRepeat, (g, v) => g.LowerPrioRepeat = v,
            "burst sent when a lower-priority advert (or an equal one from a lower address) is heard as master; 0: none", "`master_repeat`"),
        K.OptionalDuration("lower_prio_delay", g => g.LowerPrioDelay, (g, v) => g.LowerPrioDelay = v,
            "delay before the second such burst (keepalived's garp_lower_prio_delay)", "`master_delay`"));
}
