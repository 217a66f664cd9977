namespace HaAppliance.Vrrp.Router;

/// <summary>
/// The monotonic time protocol deadlines run on: <see cref="TimeProvider.GetTimestamp"/> as a <see cref="TimeSpan"/>
/// (keepalived uses CLOCK_MONOTONIC). Wall time (<see cref="TimeProvider.GetUtcNow"/>) is only for what people read.
/// </summary>
public static class MonotonicClock
{
    /// <summary>The provider's timestamp as time since its (arbitrary) origin, without overflow or rounding drift.</summary>
    public static TimeSpan Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var stamp = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        return new TimeSpan((stamp / frequency * TimeSpan.TicksPerSecond) + (stamp % frequency * TimeSpan.TicksPerSecond / frequency));
    }
}
