using System.Collections.Concurrent;
using HaAppliance.Abstractions;

namespace HaAppliance.Notifications.Tests.Notifications;

/// <summary>A notifier for unit tests of the dispatcher: records attempts and deliveries; can fail, hang or wait on a gate.</summary>
internal sealed class RecordingNotifier(TimeProvider? time = null) : INotifier
{
    private readonly ConcurrentQueue<StateChangeEvent> _delivered = new();
    private readonly ConcurrentQueue<(StateChangeEvent Event, DateTimeOffset Time)> _attempts = new();
    private readonly List<(Func<RecordingNotifier, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();

    /// <summary>Throw instead of delivering while true.</summary>
    public volatile bool Down;

    /// <summary>Events for which every attempt throws.</summary>
    public Func<StateChangeEvent, bool>? FailWhen { get; set; }

    /// <summary>Events for which every attempt hangs until cancelled.</summary>
    public Func<StateChangeEvent, bool>? HangWhen { get; set; }

    /// <summary>Each attempt waits for this before delivering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int Calls => _attempts.Count;

    public IReadOnlyList<(StateChangeEvent Event, DateTimeOffset Time)> Attempts => _attempts.ToList();

    public IReadOnlyList<StateChangeEvent> Delivered => _delivered.ToList();

    public async Task NotifyAsync(StateChangeEvent stateChange, CancellationToken cancellationToken)
    {
        _attempts.Enqueue((stateChange, (time ?? TimeProvider.System).GetUtcNow()));
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (HangWhen?.Invoke(stateChange) == true)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Down || FailWhen?.Invoke(stateChange) == true)
            {
                throw new InvalidOperationException("target down");
            }

            _delivered.Enqueue(stateChange);
        }
        finally
        {
            Signal();
        }
    }

    public Task WaitForDeliveriesAsync(int count) => WaitUntilAsync(n => n._delivered.Count >= count);

    public Task WaitForCallsAsync(int count) => WaitUntilAsync(n => n.Calls >= count);

    /// <summary>Completes when <paramref name="condition"/> holds after an attempt; fails after a generous bound.</summary>
    public Task WaitUntilAsync(Func<RecordingNotifier, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((condition, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void Signal()
    {
        lock (_gate)
        {
            foreach (var w in _waiters.Where(w => w.Condition(this)).ToList())
            {
                w.Done.TrySetResult();
                _waiters.Remove(w);
            }
        }
    }
}
