using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace HaAppliance.Notifications;

/// <summary>
/// Delivers one target's outbox in order: the oldest pending event is retried (Polly: per-attempt
/// timeout, circuit breaker, exponential backoff with jitter) until it is delivered or has used its
/// attempts and goes to the dead-letter file; only then does the next event go. Each target has
/// its own worker, so a slow or dead target never delays another.
/// </summary>
internal sealed class TargetWorker
{
    private readonly NotificationTarget _target;
    private readonly NotificationDeliveryOptions _options;
    private readonly NotificationOutbox _outbox;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    // Capacity 1: a wake-up, not a data queue. Events wait on disk; at most QueueCapacity are in memory.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _attempts;
    private OutboxEntry? _current;

    public TargetWorker(NotificationTarget target, NotificationOutbox outbox, ILogger logger, TimeProvider timeProvider)
    {
        _target = target;
        _options = target.Options ?? new NotificationDeliveryOptions();
        _outbox = outbox;
        _logger = logger;
        _pipeline = BuildPipeline(_options, timeProvider);
    }

    public string Name => _target.Name;

    public NotificationDeliveryOptions Options => _options;

    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken stopping)
    {
        var recovered = _outbox.PendingCount(_target.Name);
        if (recovered > 0)
        {
            NotificationLog.PendingRecovered(_logger, _target.Name, recovered);
        }

        var last = -1L;
        while (!stopping.IsCancellationRequested)
        {
            var batch = _outbox.Pending(_target.Name, _options.QueueCapacity, last);
            if (batch.Count == 0)
            {
                // Start over from the beginning next time in case sequence numbers were reused after a purge.
                last = -1;
                try
                {
                    await _wake.Reader.ReadAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            foreach (var entry in batch)
            {
                if (!await DeliverAsync(entry, stopping).ConfigureAwait(false))
                {
                    return; // stopping: the entry stays in the outbox for the next start
                }

                last = entry.Sequence;
            }
        }
    }

    /// <summary>Returns false only when stopped before the entry was settled.</summary>
    private async Task<bool> DeliverAsync(OutboxEntry entry, CancellationToken stopping)
    {
        _attempts = _outbox.PriorAttempts(entry);
        _current = entry;
        try
        {
            await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    state.Self._attempts++;
                    await state.Self._target.Notifier.NotifyAsync(state.Entry.Event, ct).ConfigureAwait(false);
                },
                (Self: this, Entry: entry),
                stopping).ConfigureAwait(false);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            var error = Describe(ex);
            _outbox.DeadLetter(entry, _attempts, error, out var dropped);
            NotificationLog.DeadLettered(_logger, entry.Event.Id, entry.Event.Instance, _target.Name, _attempts, error);
            LogDropped(_logger, _outbox, _target.Name, dropped);
            return true;
        }

        _outbox.Complete(entry);
        NotificationLog.Delivered(_logger, entry.Event.Id, entry.Event.Instance, _target.Name, _attempts);
        return true;
    }

    private ResiliencePipeline BuildPipeline(NotificationDeliveryOptions options, TimeProvider timeProvider)
    {
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // The attempt budget counts calls that reached the notifier, not rejections by an open
                // circuit, so ShouldHandle decides instead of MaxRetryAttempts.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && _attempts < options.MaxAttempts),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is BrokenCircuitException { RetryAfter: { } retryAfter } ? retryAfter : null),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } ex and not BrokenCircuitException)
                    {
                        if (_current is { } current)
                        {
                            _outbox.RecordAttempts(current, _attempts);
                        }

                        NotificationLog.AttemptFailed(_logger, _current?.Event.Id ?? Guid.Empty, _current?.Event.Instance ?? "", _target.Name, _attempts, Describe(ex));
                    }

                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Logs the oldest dead letters a capped dead-letter file dropped, with the running total.</summary>
    internal static void LogDropped(ILogger logger, NotificationOutbox outbox, string target, int dropped)
    {
        if (dropped > 0)
        {
            NotificationLog.DeadLettersDropped(logger, target, dropped, outbox.MaxDeadLetterBytes, outbox.DeadLettersDropped(target));
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        TimeoutRejectedException t => $"attempt timed out after {t.Timeout}",
        BrokenCircuitException => "circuit open",
        _ => ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message,
    };
}
