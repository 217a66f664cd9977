using System.Globalization;
using HaAppliance.Config;

namespace HaAppliance.Hosting;

/// <summary>keepalived's vrrp_startup_delay and vrrp_delay_after_boot: how long the instances wait after the daemon starts.</summary>
public static class StartupDelay
{
    /// <summary>
    /// The longer of <see cref="GlobalConfig.StartupDelay"/> and what remains of <see cref="GlobalConfig.DelayAfterBoot"/>
    /// after <paramref name="uptime"/> (null: unknown, then the boot delay is ignored, as keepalived does).
    /// </summary>
    public static TimeSpan Of(GlobalConfig global, TimeSpan? uptime)
    {
        ArgumentNullException.ThrowIfNull(global);
        var afterBoot = uptime is { } up && global.DelayAfterBoot > up ? global.DelayAfterBoot - up : TimeSpan.Zero;
        return afterBoot > global.StartupDelay ? afterBoot : global.StartupDelay;
    }

    /// <summary>The system's uptime from /proc/uptime; null when it cannot be read.</summary>
    public static TimeSpan? Uptime(string path = "/proc/uptime")
    {
        try
        {
            var first = File.ReadAllText(path).Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
