namespace HaAppliance.Benchmarks;

/// <summary>
/// A minimal manual clock for the router benchmarks: time moves only when told, and its one-shot timers fire when
/// the clock passes them. (FakeTimeProvider would do, but the benchmark project keeps its dependencies to BenchmarkDotNet.)
/// </summary>
internal sealed class RouterSteppingClock : TimeProvider
{
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    // Routers run on the monotonic timestamp: it must step with the clock, or a Master's timer never comes due.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Step(TimeSpan by) => SetUtcNow(_now + by);

    public void SetUtcNow(DateTimeOffset value)
    {
        _now = value;
        for (var i = _timers.Count - 1; i >= 0; i--)
        {
            _timers[i].FireIfDue(_now);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(RouterSteppingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private DateTimeOffset? _due;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
            return true;
        }

        public void FireIfDue(DateTimeOffset now)
        {
            if (_due <= now)
            {
                _due = null;
                callback(state);
            }
        }

        public void Dispose()
        {
            _due = null;
            clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
