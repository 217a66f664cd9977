using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Tests.Support;

/// <summary>
/// A clock whose wall time can be stepped back and forward (NTP, an operator running <c>date -s</c>) while its
/// monotonic timestamp and its timers run on with the underlying fake clock.
/// </summary>
public sealed class SteppableClock(FakeTimeProvider inner) : TimeProvider
{
    private TimeSpan _wallOffset;

    public FakeTimeProvider Inner { get; } = inner;

    /// <summary>Moves the wall clock by <paramref name="step"/> without moving the monotonic time.</summary>
    public void StepWall(TimeSpan step) => _wallOffset += step;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow() + _wallOffset;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);
}
