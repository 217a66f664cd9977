using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using HaAppliance.Abstractions;
using HaAppliance.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Notifications.Scripts;

/// <summary>
/// Runs keepalived-style notify scripts off the caller's thread. For each transition:
/// the state's script (notify_master, notify_backup, notify_fault, notify_stop) as written, then
/// the generic <c>notify</c> with <c>INSTANCE|GROUP name STATE priority</c> appended as four more
/// words ("$1".."$4"; groups pass priority 0), then the notify_fifo line. keepalived starts scripts
/// unordered; here each instance (and each sync group) has its own queue and worker, so its scripts
/// run one after another in the order its transitions happened, while instances do not wait on each other.
/// </summary>
public sealed class NotifyScriptRunner : IAsyncDisposable
{
    private readonly NotifyScriptOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, Lazy<Queue>> _queues = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly NotifyFifoWriter? _fifo;

    public NotifyScriptRunner(NotifyScriptOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (options.FifoPath is { } fifo)
        {
            _fifo = new NotifyFifoWriter(fifo, _logger);
        }
    }

    /// <summary>Queues the scripts of an instance transition; returns at once. False if the instance's queue is full.</summary>
    public bool Enqueue(StateChangeEvent stateChange, NotifyScripts scripts) =>
        Enqueue(group: false, stateChange.Instance, stateChange, scripts);

    /// <summary>Queues the scripts of a sync group transition (<see cref="StateChangeEvent.SyncGroup"/> names the group).</summary>
    public bool EnqueueGroup(StateChangeEvent stateChange, NotifyScripts scripts) =>
        Enqueue(group: true, stateChange.SyncGroup ?? throw new ArgumentException("A group notification needs StateChangeEvent.SyncGroup.", nameof(stateChange)), stateChange, scripts);

    /// <summary>The argument vector for a script: its own words, plus the four notify words for the generic script.</summary>
    public static IReadOnlyList<string> BuildArguments(string commandLine, bool generic, bool group, string name, VrrpState state, int priority)
    {
        var argv = NotifyCommandLine.Split(commandLine).ToList();
        if (generic)
        {
            argv.Add(group ? "GROUP" : "INSTANCE");
            argv.Add(name);
            argv.Add(state.ToKeepalivedName());
            argv.Add((group ? 0 : priority).ToString(CultureInfo.InvariantCulture));
        }

        return argv;
    }

    /// <summary>Completes when every transition queued so far for <paramref name="name"/> has run (tests, orderly shutdown).</summary>
    public async Task WhenIdleAsync(string name, bool group = false, CancellationToken cancellationToken = default)
    {
        if (_queues.TryGetValue(Key(group, name), out var lazy))
        {
            var queue = lazy.Value;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await queue.Items.Writer.WriteAsync(new Item(null, null, done), cancellationToken).ConfigureAwait(false);
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Value.Items.Writer.TryComplete();
        }

        // Let queued scripts (notify_stop at shutdown above all) finish; each is bounded by its timeout.
        await Task.WhenAll(_queues.Values.Select(q => q.Value.Worker)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_fifo is not null)
        {
            await _fifo.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private bool Enqueue(bool group, string name, StateChangeEvent stateChange, NotifyScripts scripts)
    {
        ArgumentNullException.ThrowIfNull(stateChange);
        ArgumentNullException.ThrowIfNull(scripts);
        // Lazy: GetOrAdd may run the factory twice under a race; only one worker may start.
        var queue = _queues.GetOrAdd(Key(group, name), _ => new Lazy<Queue>(() => new Queue(this, group, name))).Value;
        if (queue.Items.Writer.TryWrite(new Item(stateChange, scripts, null)))
        {
            return true;
        }

        NotificationLog.ScriptQueueFull(_logger, name, stateChange.NewState.ToKeepalivedName());
        return false;
    }

    private static string Key(bool group, string name) => (group ? "G:" : "I:") + name;

    private async Task RunQueueAsync(Queue queue)
    {
        await foreach (var item in queue.Items.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (item.Event is { } e && item.Scripts is { } scripts)
            {
                await RunTransitionAsync(queue.Group, queue.Name, e, scripts).ConfigureAwait(false);
            }

            item.Idle?.TrySetResult();
        }
    }

    private async Task RunTransitionAsync(bool group, string name, StateChangeEvent e, NotifyScripts scripts)
    {
        var state = e.NewState;
        var specific = state switch
        {
            VrrpState.Master => scripts.Master,
            VrrpState.Backup => scripts.Backup,
            VrrpState.Fault => scripts.Fault,
            VrrpState.Stop => scripts.Stop,
            _ => null,
        };
        if (specific is not null)
        {
            await RunScriptAsync(name, specific, generic: false, group, state, e.Priority).ConfigureAwait(false);
        }

        if (scripts.Any is { } generic)
        {
            await RunScriptAsync(name, generic, generic: true, group, state, e.Priority).ConfigureAwait(false);
        }

        _fifo?.Write(NotifyFifoWriter.FormatLine(group, name, state, e.Priority));
    }

    private async Task RunScriptAsync(string name, string commandLine, bool generic, bool group, VrrpState state, int priority)
    {
        NotificationLog.ScriptStarting(_logger, name, commandLine);
        try
        {
            var argv = BuildArguments(commandLine, generic, group, name, state, priority);
            if (argv.Count == 0)
            {
                return;
            }

            if (_options.Secure && NotifyScriptSecurity.FindProblem(argv) is { } problem)
            {
                NotificationLog.ScriptRefused(_logger, name, commandLine, problem);
                return;
            }

            var result = await ScriptProcess.RunAsync(argv, _options, _timeProvider, _stopping.Token).ConfigureAwait(false);
            if (result.TimedOut)
            {
                NotificationLog.ScriptTimedOut(_logger, name, commandLine, _options.Timeout, result.ProcessId);
            }
            else if (result.ExitCode != 0)
            {
                NotificationLog.ScriptFailed(_logger, name, commandLine, result.ExitCode);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NotificationLog.ScriptStartFailed(_logger, name, commandLine, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Item(StateChangeEvent? Event, NotifyScripts? Scripts, TaskCompletionSource? Idle);

    private sealed class Queue
    {
        public Queue(NotifyScriptRunner runner, bool group, string name)
        {
            Group = group;
            Name = name;
            Items = Channel.CreateBounded<Item>(new BoundedChannelOptions(runner._options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            Worker = Task.Run(() => runner.RunQueueAsync(this));
        }

        public bool Group { get; }

        public string Name { get; }

        public Channel<Item> Items { get; }

        public Task Worker { get; }
    }
}
