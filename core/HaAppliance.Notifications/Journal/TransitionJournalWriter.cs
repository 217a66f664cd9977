using System.Threading.Channels;
using HaAppliance.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HaAppliance.Notifications.Journal;

/// <summary>
/// Appends to the <see cref="TransitionJournal"/> from a background task, so the VRRP event loop
/// never waits for an fsync: <see cref="Append"/> queues and returns.
/// </summary>
public sealed partial class TransitionJournalWriter : IAsyncDisposable
{
    private readonly TransitionJournal _journal;
    private readonly ILogger _logger;
    private readonly Channel<(TransitionRecord? Record, TaskCompletionSource? Flushed)> _queue =
        Channel.CreateBounded<(TransitionRecord?, TaskCompletionSource?)>(new BoundedChannelOptions(4096) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _worker;

    public TransitionJournalWriter(TransitionJournal journal, ILogger? logger = null)
    {
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _logger = logger ?? NullLogger.Instance;
        _worker = Task.Run(RunAsync);
    }

    public TransitionJournal Journal => _journal;

    /// <summary>Queues a record; false (and a log line) if thousands are already waiting.</summary>
    public bool Append(TransitionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_queue.Writer.TryWrite((record, null)))
        {
            return true;
        }

        LogQueueFull(_logger, record.Instance, record.To.ToKeepalivedName());
        return false;
    }

    /// <summary>Completes when every record queued before the call is on disk.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((null, done), cancellationToken).ConfigureAwait(false);
        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        await foreach (var (record, flushed) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (record is not null)
            {
                try
                {
                    _journal.Append(record);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    LogWriteFailed(_logger, _journal.FilePath, record.Instance, ex.Message);
                }
            }

            flushed?.TrySetResult();
        }
    }

    [LoggerMessage(4100, LogLevel.Error, "Transition journal {Path}: cannot record ({Instance}) transition: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string path, string instance, string error);

    [LoggerMessage(4101, LogLevel.Error, "Transition journal queue full: ({Instance}) transition to {State} not recorded")]
    private static partial void LogQueueFull(ILogger logger, string instance, string state);
}
