using System.Threading.Channels;
using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Notifications;

/// <summary>
/// Hands state changes to the notifiers without ever blocking the VRRP event loop:
/// <see cref="Publish"/> only writes to an in-memory channel and returns. A background task stores
/// each event in the durable outbox (one file per target, fsynced) and wakes that target's worker,
/// which delivers at least once, in order per target, with retries, and survives restarts and crashes.
/// </summary>
public sealed class NotificationDispatcher : IAsyncDisposable
{
    private const int IngestCapacity = 4096;

    private readonly Dictionary<string, TargetWorker> _workers = new(StringComparer.Ordinal);
    private readonly Channel<IngestItem> _ingest = Channel.CreateBounded<IngestItem>(
        new BoundedChannelOptions(IngestCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _tasks = [];
    private readonly ILogger _logger;
    private int _started;

    public NotificationDispatcher(string stateDirectory, IEnumerable<NotificationTarget> targets, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Outbox = new NotificationOutbox(stateDirectory, time);
        foreach (var target in targets)
        {
            if (!NotificationTarget.IsValidName(target.Name))
            {
                throw new ArgumentException($"Notification target name '{target.Name}' may only contain letters, digits, '-', '_' and '.'.", nameof(targets));
            }

            if (!_workers.TryAdd(target.Name, new TargetWorker(target, Outbox, _logger, time)))
            {
                throw new ArgumentException($"Notification target '{target.Name}' is defined twice.", nameof(targets));
            }
        }
    }

    public NotificationOutbox Outbox { get; }

    public IReadOnlyCollection<string> TargetNames => _workers.Keys;

    /// <summary>Starts the workers; events left in the outbox by an earlier run are delivered first.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        _tasks.Add(Task.Run(() => PersistLoopAsync(_stopping.Token)));
        foreach (var worker in _workers.Values)
        {
            _tasks.Add(Task.Run(() => RunWorkerAsync(worker, _stopping.Token)));
        }
    }

    /// <summary>
    /// Queues a state change for <paramref name="targets"/> (null: every target) and returns at once.
    /// False if the in-memory queue is full (thousands of unpersisted events), which is logged.
    /// </summary>
    public bool Publish(StateChangeEvent stateChange, IReadOnlyCollection<string>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        if (_ingest.Writer.TryWrite(new IngestItem(stateChange, targets, null)))
        {
            return true;
        }

        NotificationLog.IngestFull(_logger, stateChange.Id, stateChange.Instance);
        return false;
    }

    /// <summary>Completes when every event published before the call is in the durable outbox.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _ingest.Writer.WriteAsync(new IngestItem(null, null, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops after storing what was published; undelivered events stay in the outbox for the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        _ingest.Writer.TryComplete();
        if (_started != 0)
        {
            // Persist what the loop already accepted before stopping the workers.
            await _tasks[0].ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task PersistLoopAsync(CancellationToken stopping)
    {
        await foreach (var item in _ingest.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (item.Event is { } stateChange)
            {
                Persist(stateChange, item.Targets);
            }

            item.Flushed?.TrySetResult();
        }
    }

    private void Persist(StateChangeEvent stateChange, IReadOnlyCollection<string>? targets)
    {
        foreach (var name in targets ?? _workers.Keys)
        {
            if (!_workers.TryGetValue(name, out var worker))
            {
                NotificationLog.UnknownTarget(_logger, stateChange.Id, name);
                continue;
            }

            try
            {
                var pending = Outbox.PendingCount(name);
                var entry = Outbox.Enqueue(name, stateChange);
                if (pending >= worker.Options.MaxPending)
                {
                    // Disk is bounded too: a target dead for days must not fill the state folder.
                    NotificationLog.OutboxFull(_logger, name, pending, stateChange.Id);
                    Outbox.DeadLetter(entry, 0, $"outbox full ({pending} pending)", out var dropped);
                    TargetWorker.LogDropped(_logger, Outbox, name, dropped);
                    continue;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                NotificationLog.OutboxWriteFailed(_logger, name, stateChange.Id, ex.Message);
                continue;
            }

            worker.Wake();
        }
    }

    private async Task RunWorkerAsync(TargetWorker worker, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await worker.RunAsync(stopping).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // A disk error must not end delivery for good: log and start over from the outbox.
                NotificationLog.WorkerFailed(_logger, worker.Name, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private readonly record struct IngestItem(StateChangeEvent? Event, IReadOnlyCollection<string>? Targets, TaskCompletionSource? Flushed);
}
