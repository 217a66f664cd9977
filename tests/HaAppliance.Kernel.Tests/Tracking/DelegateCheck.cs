using HaAppliance.Abstractions;

namespace HaAppliance.Kernel.Tests.Tracking;

/// <summary>A check whose behaviour each test supplies; counts its calls.</summary>
internal sealed class DelegateCheck(Func<int, CancellationToken, Task<HealthResult>> run) : IHealthCheck
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<HealthResult> CheckAsync(CancellationToken cancellationToken) =>
        run(Interlocked.Increment(ref _calls), cancellationToken);
}
