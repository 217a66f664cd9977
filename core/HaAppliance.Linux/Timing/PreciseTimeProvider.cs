using static HaAppliance.Linux.Interop.Interop;

namespace HaAppliance.Linux.Timing;

/// <summary>
/// The system clock, with timers that fire to within tens of microseconds: each is a timerfd (CLOCK_MONOTONIC, the
/// clock of <see cref="TimeProvider.GetTimestamp"/>) read by a thread of its own. .NET's own timers count in
/// milliseconds of a coarse clock (4 ms steps at HZ=250), too coarse for adverts every 10 ms. For the few timers
/// that need it (the event loop's tick), not for delays in general: every timer is a thread.
/// </summary>
public sealed class PreciseTimeProvider : TimeProvider
{
    public static PreciseTimeProvider Instance { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new TimerFdTimer(callback, state, dueTime, period);

    private sealed class TimerFdTimer : ITimer
    {
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly int _fd;
        private readonly Thread _thread;
        private volatile bool _disposed;

        public TimerFdTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ArgumentNullException.ThrowIfNull(callback);
            _callback = callback;
            _state = state;
            _fd = Check(TimerFdCreate(CLOCK_MONOTONIC, TFD_CLOEXEC), "timerfd_create");
            _thread = new Thread(Run) { IsBackground = true, Name = "haapp timer" };
            _thread.Start();
            Change(dueTime, period);
        }

        public unsafe bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            // Zero disarms a timerfd: "now" is one nanosecond from now. Infinite (-1 ms) disarms.
            var spec = default(ITimerSpec);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                var due = dueTime <= TimeSpan.Zero ? 1 : dueTime.Ticks * 100;
                spec.ValueSeconds = due / 1_000_000_000;
                spec.ValueNanoseconds = due % 1_000_000_000;
                if (period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
                {
                    spec.IntervalSeconds = period.Ticks / TimeSpan.TicksPerSecond;
                    spec.IntervalNanoseconds = period.Ticks % TimeSpan.TicksPerSecond * 100;
                }
            }

            Check(TimerFdSetTime(_fd, 0, &spec, null), "timerfd_settime");
            return true;
        }

        private unsafe void Run()
        {
            ulong expirations;
            while (true)
            {
                var read = Read(_fd, &expirations, sizeof(ulong));
                if (_disposed)
                {
                    Close(_fd);
                    return;
                }

                if (read == sizeof(ulong))
                {
                    _callback(_state);
                }
            }
        }

        public unsafe void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            // Wake the reading thread at once; it closes the descriptor on its way out.
            _disposed = true;
            var wake = new ITimerSpec { ValueNanoseconds = 1 };
            _ = TimerFdSetTime(_fd, 0, &wake, null);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
