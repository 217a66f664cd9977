using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// A takeover adds each VIP with one backend call, and asks whether a VIP is there only when its add fails: the
/// kernel refuses an address it already has, which is then no error.
/// </summary>
public sealed class VipTakeoverCallTests
{
    [Test]
    public async Task Takeover_VipMissing_OneAddAndNoExistsCall()
    {
        var (lan, node, backend) = await StartedAsync();
        await using var _ = lan;

        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(await node.StateAsync(), Is.EqualTo(RouterState.Master));
        await WaitForAsync(() => backend.Addresses.Count == 1, "the VIP added");
        Assert.That((backend.AddCalls, backend.ExistsCalls), Is.EqualTo((1, 0)), "(adds, exists) during the takeover");
        Assert.That((await node.Engine.StatusAsync()).Single().Errors, Is.Zero);
    }

    [Test]
    public async Task Takeover_VipAlreadyThere_AddRefusedThenFoundPresentAndNoErrorCounted()
    {
        var (lan, node, backend) = await StartedAsync();
        await using var _ = lan;
        await backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.100"), 24, "eth0"), CancellationToken.None);
        backend.ResetCounts();

        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.That(await node.StateAsync(), Is.EqualTo(RouterState.Master));
        await WaitForAsync(() => backend.ExistsCalls == 1, "the refused add followed by a check");
        Assert.That(backend.AddCalls, Is.EqualTo(1));
        Assert.That(backend.Addresses, Is.EqualTo(new[] { "192.0.2.100/24 dev eth0" }));
        Assert.That((await node.Engine.StatusAsync()).Single().Errors, Is.Zero, "an address already there is no error");
    }

    [Test]
    public async Task Takeover_AddFailsAndVipAbsent_CountedAsAnError()
    {
        var (lan, node, backend) = await StartedAsync();
        await using var _ = lan;
        backend.RefuseAdds = true;

        await lan.RunForAsync(TimeSpan.FromSeconds(5));

        await WaitForAsync(() => backend.ExistsCalls >= 1, "the failed add followed by a check");
        Assert.That(backend.Addresses, Is.Empty);
        for (var i = 0; i < 100 && (await node.Engine.StatusAsync()).Single().Errors == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.That((await node.Engine.StatusAsync()).Single().Errors, Is.GreaterThan(0), "the add's failure counted");
    }

    private static async Task<(EngineLan Lan, EngineNode Node, KernelLikeVipBackend Backend)> StartedAsync()
    {
        var lan = new EngineLan();
        var backend = new KernelLikeVipBackend();
        var node = lan.Add("lb1", "192.0.2.1", TestConfigs.Pair(101), _ => backend);
        await lan.StartAsync();
        await lan.SettleAsync();
        Assert.That(await node.StateAsync(), Is.EqualTo(RouterState.Backup), "still waiting for Master_Down_Interval");
        // The stale-VIP sweep at start (off the loop) asks once; it is not the takeover.
        await WaitForAsync(() => backend.ExistsCalls >= 1, "the start-up sweep's check");
        backend.ResetCounts();
        return (lan, node, backend);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.That(condition(), Is.True, what);
    }

    /// <summary>Refuses to add an address it has, as the kernel does (EEXIST), and counts the calls.</summary>
    private sealed class KernelLikeVipBackend : IVipBackend
    {
        private readonly MemoryVipBackend _inner = new();
        private int _adds;
        private int _exists;

        public int AddCalls => Volatile.Read(ref _adds);

        public int ExistsCalls => Volatile.Read(ref _exists);

        public bool RefuseAdds { get; set; }

        public IReadOnlyCollection<string> Addresses => _inner.Addresses;

        public void ResetCounts()
        {
            Volatile.Write(ref _adds, 0);
            Volatile.Write(ref _exists, 0);
        }

        public async Task AddAsync(VipAddress vip, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _adds);
            if (RefuseAdds || await _inner.ExistsAsync(vip, cancellationToken))
            {
                throw new InvalidOperationException($"{vip.Address}/{vip.PrefixLength}: File exists (EEXIST)");
            }

            await _inner.AddAsync(vip, cancellationToken);
        }

        public Task RemoveAsync(VipAddress vip, CancellationToken cancellationToken) => _inner.RemoveAsync(vip, cancellationToken);

        public Task<bool> ExistsAsync(VipAddress vip, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _exists);
            return _inner.ExistsAsync(vip, cancellationToken);
        }
    }
}
