using K = HaAppliance.Config.Schema.KeyFactory<HaAppliance.Config.CheckConfig>;

namespace HaAppliance.Config.Schema;

public static partial class ConfigSchema
{
    /// <summary>
    /// The keys of a check that the kernel's tracker reads. Every other key of a check is the plugin's own
    /// setting, so a check has no unknown-key check of its own: its plugin validates the rest.
    /// </summary>
    public static ConfigSection<CheckConfig> Check { get; } = new(
        "checks",
        K.String("type", c => c.Type, (c, v) => c.Type = v, "plugin type: `process`, `http`, `script`, `file` (more with plugins)", "required", always: true),
        K.Duration("interval", c => c.Interval, (c, v) => c.Interval = v, "how often the check runs"),
        K.Duration("timeout", c => c.Timeout, (c, v) => c.Timeout = v, "no answer after this long counts as a failure"),
        K.Int("rise", c => c.Rise, (c, v) => c.Rise = v, "successes in a row needed to become healthy"),
        K.Int("fall", c => c.Fall, (c, v) => c.Fall = v, "failures in a row needed to become failed"),
        K.Int("weight", c => c.Weight, (c, v) => c.Weight = v, "-253..253; negative: subtracted while failing; positive: added while healthy; 0: failing means FAULT"),
        K.Bool("reverse", c => c.Reverse, (c, v) => c.Reverse = v, "invert the result"),
        K.Custom("init", "`ok`", "state before the first result: `ok` or `fail` (keepalived's init_fail)",
            (r, k, v, c) =>
            {
                switch (r.Str(v, k)?.ToLowerInvariant())
                {
                    case null: break;
                    case "ok" or "healthy" or "up": c.InitiallyHealthy = true; break;
                    case "fail" or "failed" or "down": c.InitiallyHealthy = false; break;
                    case var other: r.Error(r.Loc(v), $"'init' is '{other}'; allowed: ok, fail"); break;
                }
            },
            (w, k, c) =>
            {
                if (!c.InitiallyHealthy)
                {
                    w.Pair(k, "fail");
                }
            }));
}
