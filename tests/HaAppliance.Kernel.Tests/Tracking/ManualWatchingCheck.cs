using HaAppliance.Abstractions;

namespace HaAppliance.Kernel.Tests.Tracking;

/// <summary>A watching check the test drives: it exposes the kernel's report callback and can fault its watch.</summary>
internal sealed class ManualWatchingCheck : IWatchingHealthCheck
{
    private readonly TaskCompletionSource<Func<HealthResult, ValueTask>> _report = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _fault = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _watches;

    public int Watches => Volatile.Read(ref _watches);

    public Task<Func<HealthResult, ValueTask>> Report => _report.Task;

    public void Fault(Exception exception) => _fault.TrySetException(exception);

    public Task<HealthResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(HealthResult.Ok());

    public async Task WatchAsync(Func<HealthResult, ValueTask> report, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watches);
        var fault = _fault;
        _report.TrySetResult(report);
        try
        {
            await fault.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _fault = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
