using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// The loop's timers for hundreds to thousands of routers, on fake time: routers served in deadline order, the
/// advert rhythm of every router kept over 10,000 intervals, one advert per router after a stall.
/// </summary>
public sealed class VrrpEngineSchedulingTests
{
    private static readonly TimeSpan Centisecond = TimeSpan.FromMilliseconds(10);

    [Test]
    public async Task Tick_4096RoutersDueAtOnce_AreServedInDeadlineOrder()
    {
        // Added in one order, due in another: 17 interfaces × 255 VRIDs, priorities and intervals spread the deadlines.
        var specs = Enumerable.Range(0, 4096).Select(i => Spec(i, priority: 1 + (i * 37 % 254), intervalCs: 1 + (i * 13 % 100))).ToList();
        await using var node = await ScheduledNode.StartAsync(specs);

        // A stall past every Master_Down_Interval: one tick finds all 4,096 Backups due at once.
        node.Time.Advance(TimeSpan.FromSeconds(5));
        await node.Engine.BarrierAsync();

        var expected = specs
            .OrderBy(s => VrrpTimers.MasterDownInterval(VrrpVersion.V3, s.Router.Priority, s.Router.AdvertIntervalCentiseconds))
            .Select(s => (s.Endpoint.IfIndex, s.Router.Vrid))
            .ToList();
        Assert.That(node.Transport.Sends.Take(4096).Select(s => (s.IfIndex, s.Vrid)), Is.EqualTo(expected), "first adverts in Master_Down_Interval order");
    }

    [Test]
    public async Task Run_64RoutersAt10msWokenLate_NoDriftOver10000Intervals()
    {
        var specs = Enumerable.Range(0, 64).Select(i => Spec(i, priority: 100 + i, intervalCs: 1)).ToList();
        await using var node = await ScheduledNode.StartAsync(specs);

        // Steps of 7 ms: every advert is up to 7 ms late, and lateness must not add up into a slower rhythm.
        var step = TimeSpan.FromMilliseconds(7);
        var end = MonotonicClock.Now(node.Time) + (Centisecond * 10_010);
        while (MonotonicClock.Now(node.Time) < end)
        {
            node.Time.Advance(step);
            await node.Engine.BarrierAsync();
        }

        foreach (var router in node.Transport.Sends.GroupBy(s => s.Vrid))
        {
            var first = router.First().At;
            var count = router.Count();
            var lateness = router.Last().At - first - (Centisecond * (count - 1));
            Assert.That(count, Is.GreaterThanOrEqualTo(10_000), $"vrid {router.Key}: adverts");
            Assert.That(lateness, Is.GreaterThanOrEqualTo(TimeSpan.Zero).And.LessThan(step), $"vrid {router.Key}: the last advert is late by one step at most");
        }

        Assert.That(node.Transport.Sends.Select(s => s.Vrid).Distinct().Count(), Is.EqualTo(64));
    }

    [Test]
    public async Task Tick_255MastersAfterAStallOfFiveIntervals_SendOneAdvertEachThenKeepTheRhythm()
    {
        var specs = Enumerable.Range(0, 255).Select(i => Spec(i, priority: 1 + i % 254, intervalCs: 1)).ToList();
        await using var node = await ScheduledNode.StartAsync(specs);
        node.Time.Advance(TimeSpan.FromMilliseconds(100));
        await node.Engine.BarrierAsync();
        Assert.That(node.Transport.Sends.Select(s => s.Vrid).Distinct().Count(), Is.EqualTo(255), "all Master");

        var before = node.Transport.Sends.Count;
        node.Time.Advance(Centisecond * 5.5);
        await node.Engine.BarrierAsync();
        var afterStall = node.Transport.Sends.Count;
        node.Time.Advance(Centisecond);
        await node.Engine.BarrierAsync();

        Assert.That(afterStall - before, Is.EqualTo(255), "one advert per router, no catch-up burst");
        Assert.That(node.Transport.Sends.Count - afterStall, Is.EqualTo(255), "then one per router per interval");
    }

    private static InstanceSpec Spec(int i, int priority, int intervalCs)
    {
        var nic = i / 255;
        var vrid = (byte)(1 + (i % 255));
        var primary = new IPAddress([10, (byte)nic, 0, 1]);
        var vip = new IPAddress([10, (byte)nic, vrid, 1]);
        var name = $"eth{nic}";
        return new InstanceSpec
        {
            Name = $"VI_{i}",
            Router = new RouterOptions
            {
                Name = $"VI_{i}",
                Vrid = vrid,
                Priority = (byte)priority,
                AdvertIntervalCentiseconds = intervalCs,
                PrimaryAddress = primary,
                VirtualAddresses = [vip],
            },
            Endpoint = new TransportEndpoint(name, nic + 2, IpFamily.IPv4, primary, [IPAddress.Parse("224.0.0.18")], false),
            Vips = [new VipAddress(vip, 32, name)],
        };
    }

    /// <summary>One engine with its own fake clock and a transport that records when each advert left.</summary>
    private sealed class ScheduledNode : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private Task _loop = Task.CompletedTask;

        private ScheduledNode()
        {
            Transport = new TimedTransport(Time);
            Engine = new VrrpEngine("lb1", Transport, _ => Vips, NullVipAnnouncer.Instance, new RecordingSink(), Time, NullLogger.Instance);
        }

        public FakeTimeProvider Time { get; } = new();

        public TimedTransport Transport { get; }

        public MemoryVipBackend Vips { get; } = new();

        public VrrpEngine Engine { get; }

        public static async Task<ScheduledNode> StartAsync(IReadOnlyList<InstanceSpec> specs)
        {
            var node = new ScheduledNode();
            node._loop = node.Engine.RunAsync(specs, removeStaleVips: false, node._cts.Token);
            await node.Engine.BarrierAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
            }

            await Engine.DisposeAsync();
            _cts.Dispose();
        }
    }

    private sealed class TimedTransport(TimeProvider time) : IAdvertTransport
    {
        public List<(int IfIndex, byte Vrid, TimeSpan At)> Sends { get; } = [];

        public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Send(TransportEndpoint endpoint, ReadOnlySpan<byte> payload) => Sends.Add((endpoint.IfIndex, payload[1], MonotonicClock.Now(time)));

        public Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
