using System.Threading.Channels;
using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace HaAppliance.Kernel.Tracking;

/// <summary>
/// Runs every tracked check on its own task and posts state transitions to the VRRP event loop.
/// Polled checks run every interval under a Polly timeout; a check that throws, hangs or ignores its
/// cancellation token counts as failed and never delays the loop or another check. Watching checks
/// report on their own; a watch that faults is logged, counted as a failure and restarted.
/// </summary>
public sealed class TrackerScheduler : IAsyncDisposable
{
    /// <summary>A zero interval would spin a pool thread; one millisecond still yields.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(1);

    private readonly List<Tracker> _trackers;
    private readonly Func<TrackerTransition, ValueTask> _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private long _runs;
    private int _disposed;

    /// <summary>Creates a scheduler that calls <paramref name="sink"/> on every transition.</summary>
    /// <param name="checks">The checks; names must be unique.</param>
    /// <param name="sink">Receives transitions; called from check tasks, must be quick (a channel write).</param>
    /// <param name="timeProvider">The clock for intervals and timeouts (FakeTimeProvider in tests).</param>
    /// <param name="logger">Where the <c>VRRP_Script(name) succeeded|failed</c> lines go.</param>
    public TrackerScheduler(IEnumerable<TrackedCheck> checks, Func<TrackerTransition, ValueTask> sink, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _sink = sink;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _trackers = [.. checks.Select(c => new Tracker(c, _time))];
        var duplicate = _trackers.GroupBy(t => t.Check.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"check '{duplicate.Key}' is tracked twice", nameof(checks));
        }
    }

    /// <summary>Creates a scheduler that writes transitions into <paramref name="writer"/> (the event loop's channel).</summary>
    public TrackerScheduler(IEnumerable<TrackedCheck> checks, ChannelWriter<TrackerTransition> writer, TimeProvider? timeProvider = null, ILogger? logger = null)
        : this(checks, t => writer.WriteAsync(t), timeProvider, logger)
    {
    }

    /// <summary>Total check results processed (runs, timeouts, exceptions and watch reports).</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Current state of every check (initial state until its first result).</summary>
    public IReadOnlyDictionary<string, bool> States =>
        _trackers.ToDictionary(t => t.Check.Name, t => { lock (t) { return t.State.Healthy; } }, StringComparer.Ordinal);

    /// <summary>Starts one task per check.</summary>
    public void Start()
    {
        if (_tasks.Count > 0)
        {
            throw new InvalidOperationException("already started");
        }

        foreach (var tracker in _trackers)
        {
            _tasks.Add(tracker.Check.Check is IWatchingHealthCheck watching
                ? Task.Run(() => RunWatchingAsync(tracker, watching, _stop.Token))
                : Task.Run(() => RunPolledAsync(tracker, _stop.Token)));
        }
    }

    /// <summary>Stops every check task; abandoned hung checks are left to finish on their own.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tasks).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunPolledAsync(Tracker tracker, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var result = await RunOnceAsync(tracker, stop).ConfigureAwait(false);
            if (result is null)
            {
                return; // stopping
            }

            await ApplyAsync(tracker, result).ConfigureAwait(false);
            try
            {
                await Task.Delay(Max(tracker.Check.Interval, MinimumInterval), _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One run under the timeout pipeline; null when the scheduler is stopping.</summary>
    private async Task<HealthResult?> RunOnceAsync(Tracker tracker, CancellationToken stop)
    {
        var check = tracker.Check;
        if (tracker.Pending is { IsCompleted: false })
        {
            // A previous run ignored its cancellation and is still going; do not pile up another.
            return HealthResult.Fail($"timed out (previous run still running after {check.Timeout.TotalSeconds:0.###}s)");
        }

        try
        {
            return await tracker.Pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    // Task.Run: a plugin that blocks synchronously must not block this loop;
                    // WaitAsync: one that ignores its token is abandoned when the timeout fires.
                    var run = Task.Run(() => state.Check.Check.CheckAsync(ct), CancellationToken.None);
                    state.Pending = run;
                    return await run.WaitAsync(ct).ConfigureAwait(false);
                },
                tracker,
                stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (TimeoutRejectedException)
        {
            TrackerLog.TimedOut(_logger, check.Name, check.Timeout);
            return HealthResult.Fail($"timed out after {check.Timeout.TotalSeconds:0.###}s");
        }
        catch (Exception ex)
        {
            TrackerLog.Threw(_logger, check.Name, ex);
            return HealthResult.Fail($"threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RunWatchingAsync(Tracker tracker, IWatchingHealthCheck watching, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Run(() => watching.WatchAsync(r => ApplyAsync(tracker, r ?? HealthResult.Fail("null result")), stop), CancellationToken.None)
                    .ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                TrackerLog.WatchEnded(_logger, tracker.Check.Name);
                await ApplyAsync(tracker, HealthResult.Fail("watch ended")).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                TrackerLog.Threw(_logger, tracker.Check.Name, ex);
                await ApplyAsync(tracker, HealthResult.Fail($"threw {ex.GetType().Name}: {ex.Message}")).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(Max(tracker.Check.Interval, MinimumInterval), _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async ValueTask ApplyAsync(Tracker tracker, HealthResult result)
    {
        var check = tracker.Check;
        bool success = result.Healthy ^ check.Reverse;
        bool changed;
        bool first;
        bool healthy;
        lock (tracker)
        {
            first = tracker.State.Results == 0;
            changed = tracker.State.Apply(success);
            healthy = tracker.State.Healthy;
        }

        Interlocked.Increment(ref _runs);
        string detail = result.Detail ?? (result.Healthy ? "ok" : "failed");
        if (changed || first)
        {
            // keepalived prints the phrase on every state change; we also print the first result so a
            // check that fails from the start is visible with its reason.
            if (healthy)
            {
                TrackerLog.Succeeded(_logger, check.Name);
            }
            else
            {
                TrackerLog.Failed(_logger, check.Name, detail);
            }
        }
        else
        {
            TrackerLog.Result(_logger, check.Name, result.Healthy, detail);
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await _sink(new TrackerTransition(check.Name, healthy, result.Detail)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TrackerLog.SinkFailed(_logger, check.Name, ex);
        }
    }

    /// <summary>Per-check runtime state.</summary>
    private sealed class Tracker(TrackedCheck check, TimeProvider time)
    {
        /// <summary>Polly's timeout strategy accepts 10 ms to 24 h.</summary>
        private static readonly TimeSpan MinimumTimeout = TimeSpan.FromMilliseconds(10);

        public TrackedCheck Check { get; } = check;

        public TrackerState State { get; } = new(check.Rise, check.Fall, check.InitiallyHealthy);

        public Task? Pending { get; set; }

        public ResiliencePipeline Pipeline { get; } = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(check.Timeout < MinimumTimeout ? MinimumTimeout : check.Timeout)
            .Build();
    }
}
