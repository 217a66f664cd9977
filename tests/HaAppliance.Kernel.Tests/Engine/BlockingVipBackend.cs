using HaAppliance.Abstractions;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// A VIP backend whose removals never finish (a hung <c>ip</c> command, a stuck netlink socket): adds work,
/// <see cref="RemoveAsync"/> awaits a task nobody completes and ignores its cancellation token.
/// </summary>
internal sealed class BlockingVipBackend : IVipBackend
{
    private readonly MemoryVipBackend _inner = new();
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _removeCalls;

    public int RemoveCalls => Volatile.Read(ref _removeCalls);

    public IReadOnlyCollection<string> Addresses => _inner.Addresses;

    public Task AddAsync(VipAddress vip, CancellationToken cancellationToken) => _inner.AddAsync(vip, cancellationToken);

    public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _removeCalls);
        return _never.Task;
    }

    public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken) => _inner.ExistsAsync(vip, cancellationToken);
}

/// <summary>A VIP backend whose first <c>failures</c> adds throw (a busy netlink socket), then work.</summary>
internal sealed class FlakyVipBackend(int failures) : IVipBackend
{
    private readonly MemoryVipBackend _inner = new();
    private int _adds;

    public int AddCalls => Volatile.Read(ref _adds);

    public IReadOnlyCollection<string> Addresses => _inner.Addresses;

    public Task AddAsync(VipAddress vip, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _adds) <= failures
            ? throw new IOException("RTNETLINK answers: Device or resource busy")
            : _inner.AddAsync(vip, cancellationToken);

    public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken) => _inner.RemoveAsync(vip, cancellationToken);

    public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken) => _inner.ExistsAsync(vip, cancellationToken);
}
