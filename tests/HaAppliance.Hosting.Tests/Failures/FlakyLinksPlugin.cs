using HaAppliance.Abstractions;

namespace HaAppliance.Hosting.Tests.Failures;

/// <summary>Options of the <c>flaky-links</c> VIP backend (none).</summary>
public sealed class FlakyLinksOptions
{
}

/// <summary>
/// A <c>flaky-links</c> VIP backend (addresses in memory) that is also a link-state source: it lists eth0 as
/// <see cref="Eth0Up"/> says, and its watch ends with whatever <see cref="FailWatch"/> is given (an ENOBUFS-like
/// receive error), as a netlink socket does after a burst of link events.
/// </summary>
public sealed class FlakyLinksPlugin : IHaPlugin
{
    private static TaskCompletionSource _watchEnds = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static int _lists;
    private static int _watches;

    /// <summary>What the next listing says of eth0.</summary>
    public static volatile bool Eth0Up = true;

    /// <summary>How many times the links were listed.</summary>
    public static int Lists => Volatile.Read(ref _lists);

    /// <summary>How many watches were started.</summary>
    public static int Watches => Volatile.Read(ref _watches);

    /// <summary>Back to eth0 up and a watch that runs until cancelled.</summary>
    public static void Reset()
    {
        Eth0Up = true;
        _lists = 0;
        _watches = 0;
        _watchEnds = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Ends the running watch with <paramref name="error"/>; the next watch runs until cancelled.</summary>
    public static void FailWatch(Exception error)
    {
        var ending = _watchEnds;
        _watchEnds = new(TaskCreationOptions.RunContinuationsAsynchronously);
        ending.TrySetException(error);
    }

    public void Register(IPluginRegistry registry) =>
        registry.AddVipBackend<FlakyLinksOptions>("flaky-links", (_, _) => new Backend());

    private sealed class Backend : IVipBackend, ILinkStateSource
    {
        private readonly MemoryVipBackend _vips = new();

        public Task AddAsync(VipAddress vip, CancellationToken cancellationToken) => _vips.AddAsync(vip, cancellationToken);

        public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken) => _vips.RemoveAsync(vip, cancellationToken);

        public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken) => _vips.ExistsAsync(vip, cancellationToken);

        public Task<IReadOnlyList<LinkState>> GetLinksAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lists);
            return Task.FromResult<IReadOnlyList<LinkState>>([new LinkState(2, "eth0", Eth0Up, Eth0Up)]);
        }

        public Task WatchAsync(Func<LinkState, ValueTask> report, CancellationToken cancellationToken)
        {
            var ends = _watchEnds.Task;
            Interlocked.Increment(ref _watches);
            return ends.WaitAsync(cancellationToken);
        }
    }
}
