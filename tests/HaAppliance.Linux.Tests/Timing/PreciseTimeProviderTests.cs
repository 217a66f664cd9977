using HaAppliance.Linux.Timing;

namespace HaAppliance.Linux.Tests.Timing;

/// <summary>
/// The timerfd timers the event loop ticks on: they fire, re-arm, disarm, repeat and stop like .NET's timers.
/// How precisely they fire is measured by tests/bench/scale-bench.sh, not asserted here.
/// </summary>
public sealed class PreciseTimeProviderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task CreateTimer_DueSoon_FiresOnceWithItsState()
    {
        var fired = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        using var timer = PreciseTimeProvider.Instance.CreateTimer(s => { Interlocked.Increment(ref count); fired.TrySetResult(s); }, "tick", TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);

        Assert.That(await fired.Task.WaitAsync(Patience), Is.EqualTo("tick"));
        await Task.Delay(50);
        Assert.That(count, Is.EqualTo(1), "a one-shot timer fires once");
    }

    [Test]
    public async Task Change_ArmedForLaterThenEarlier_FiresAtTheEarlierTime()
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = PreciseTimeProvider.Instance.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        Assert.That(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan), Is.True);

        await fired.Task.WaitAsync(Patience); // an hour away unless the change took effect
    }

    [Test]
    public async Task Change_Infinite_DisarmsAnArmedTimer()
    {
        var count = 0;
        // Due in a second: disarmed long before, even on a busy machine.
        using var timer = PreciseTimeProvider.Instance.CreateTimer(_ => Interlocked.Increment(ref count), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await Task.Delay(1500);

        Assert.That(count, Is.Zero);
    }

    [Test]
    public async Task CreateTimer_WithAPeriod_RepeatsUntilDisposed()
    {
        var count = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = PreciseTimeProvider.Instance.CreateTimer(_ => { if (Interlocked.Increment(ref count) == 3) { third.TrySetResult(); } }, null, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2));
        await third.Task.WaitAsync(Patience);

        await timer.DisposeAsync();
        await Task.Delay(200); // a callback already running may finish
        var after = Volatile.Read(ref count);
        await Task.Delay(100);

        Assert.That(Volatile.Read(ref count), Is.EqualTo(after), "no tick after Dispose");
        Assert.That(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan), Is.False, "a disposed timer cannot be armed");
    }
}
