using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HaAppliance.Kernel;

/// <summary>
/// Runs one instance's VIP operations (add, remove, announce) in order, off the event loop:
/// a slow backend (an <c>ip</c> command, a busy netlink socket) never delays an advert.
/// </summary>
internal sealed class VipWorker : IAsyncDisposable
{
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _runner;
    private readonly ILogger _log;
    private readonly string _instance;

    public VipWorker(string instance, ILogger log)
    {
        _instance = instance;
        _log = log;
        _runner = Task.Run(RunAsync);
    }

    public void Enqueue(Func<Task> operation) => _work.Writer.TryWrite(operation);

    /// <summary>Completes when everything enqueued so far has run.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() => { done.TrySetResult(); return Task.CompletedTask; }))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    private async Task RunAsync()
    {
        await foreach (var op in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await op().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                EngineLog.VipOperationFailed(_log, _instance, ex.Message, ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _runner.ConfigureAwait(false);
    }
}
