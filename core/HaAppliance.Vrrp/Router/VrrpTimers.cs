namespace HaAppliance.Vrrp.Router;

/// <summary>The protocol's timer formulas, to the 100 ns tick.</summary>
public static class VrrpTimers
{
    /// <summary>The address owner's priority (RFC 9568 §6.1).</summary>
    public const byte OwnerPriority = 255;

    /// <summary>The priority a leaving Master sends (RFC 9568 §6.1).</summary>
    public const byte StopPriority = 0;

    /// <summary>100 ns ticks in one centisecond.</summary>
    public const long TicksPerCentisecond = TimeSpan.TicksPerMillisecond * 10;

    /// <summary>A centisecond count as a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan FromCentiseconds(int centiseconds) => TimeSpan.FromTicks(centiseconds * TicksPerCentisecond);

    /// <summary>
    /// Skew_Time. v3 (RFC 9568 §6.1): ((256 - Priority) * Master_Adver_Interval) / 256, kept exact rather than
    /// truncated to centiseconds, as keepalived does. v2 (RFC 3768 §6.1): (256 - Priority) / 256 seconds.
    /// </summary>
    public static TimeSpan SkewTime(VrrpVersion version, int priority, int masterAdverIntervalCentiseconds)
    {
        var weight = 256 - priority;
        return version == VrrpVersion.V2
            ? TimeSpan.FromTicks(weight * TimeSpan.TicksPerSecond / 256)
            : TimeSpan.FromTicks(weight * masterAdverIntervalCentiseconds * TicksPerCentisecond / 256);
    }

    /// <summary>Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (RFC 9568 §6.1, RFC 3768 §6.1).</summary>
    public static TimeSpan MasterDownInterval(VrrpVersion version, int priority, int masterAdverIntervalCentiseconds) =>
        3 * FromCentiseconds(masterAdverIntervalCentiseconds) + SkewTime(version, priority, masterAdverIntervalCentiseconds);

    /// <summary>keepalived's minimum skew for the "state MASTER" start: the skew of priority 255.</summary>
    public static TimeSpan MinimumSkewTime(VrrpVersion version, int masterAdverIntervalCentiseconds) =>
        SkewTime(version, OwnerPriority, masterAdverIntervalCentiseconds);
}
