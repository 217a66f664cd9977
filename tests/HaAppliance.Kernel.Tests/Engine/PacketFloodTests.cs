using System.Net;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// A packet flood on fake time: packets wait in a bounded queue of their own, the excess is dropped and counted
/// before it reaches the loop, and a timer that falls due is served before the queued packets, so the master's
/// advert is not delayed behind them.
/// </summary>
public sealed class PacketFloodTests
{
    private const int Capacity = 1000;
    private const int Batch = 16;

    [Test]
    public async Task Flood_ExcessDroppedAndCounted_DueAdvertSentBeforeTheQueuedPackets()
    {
        await using var lan = new EngineLan();
        var log = new ListLogger();
        var sentAfter = new List<int>();
        int Handled() => log.Messages.Count(m => m.Contains("no instance of ours", StringComparison.Ordinal));
        var transport = new CountingTransport(lan.Hub.Connect("lb1"), Handled, sentAfter);
        var node = lan.Add("lb1", "192.0.2.1", 101);
        await using var engine = new VrrpEngine("lb1", transport, _ => node.Vips, NullVipAnnouncer.Instance, node.Sink, node.Clock, log,
            new VrrpEngineOptions { PacketQueue = Capacity, PacketBatch = Batch });
        using var stop = new CancellationTokenSource();
        var loop = engine.RunAsync(node.Specs(), removeStaleVips: false, stop.Token);
        for (var i = 0; i < 500 && (await engine.StatusAsync()).Single().State != RouterState.Master; i++)
        {
            lan.Time.Advance(TimeSpan.FromMilliseconds(100));
            await engine.BarrierAsync();
        }

        Assert.That((await engine.StatusAsync()).Single().State, Is.EqualTo(RouterState.Master));

        // Hold the loop while the flood arrives, so what is queued and what is dropped is exact.
        using var hold = LoopHold.Of(engine);
        const int flood = 5 * Capacity;
        for (var i = 0; i < flood; i++)
        {
            // Valid-looking packets for a VRID nobody here serves: each one costs the loop a lookup and a log line.
            engine.Inject(new ReceivedPacket(2, IpFamily.IPv4, IPAddress.Parse("192.0.2.9"), IPAddress.Parse("224.0.0.18"), 255, new byte[] { 0x31, 99, 50, 0 }));
        }

        Assert.That(engine.PacketsDropped, Is.EqualTo(flood - Capacity));
        var before = sentAfter.Count;
        var handled = Handled();
        lan.Time.Advance(TimeSpan.FromSeconds(1)); // the next advert falls due while the flood waits
        hold.Release();
        await engine.BarrierAsync();

        Assert.That(sentAfter.Count, Is.GreaterThan(before), "the due advert was sent");
        Assert.That(sentAfter[before] - handled, Is.LessThanOrEqualTo(Batch), "at most one batch of packets went before the due advert");
        for (var i = 0; i < 1000 && Handled() - handled < Capacity; i++)
        {
            await engine.BarrierAsync();
        }

        Assert.That(Handled() - handled, Is.EqualTo(Capacity), "every queued packet is handled in the end");
        await engine.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Records, for every advert sent, how many flood packets the loop had handled before it.</summary>
    internal sealed class CountingTransport(IAdvertTransport inner, Func<int> logged, List<int> sentAfter) : IAdvertTransport
    {
        public ValueTask OpenAsync(TransportEndpoint endpoint, CancellationToken cancellationToken) => inner.OpenAsync(endpoint, cancellationToken);

        public ValueTask CloseAsync(TransportEndpoint endpoint, CancellationToken cancellationToken) => inner.CloseAsync(endpoint, cancellationToken);

        public void Send(TransportEndpoint endpoint, ReadOnlySpan<byte> payload)
        {
            sentAfter.Add(logged());
            inner.Send(endpoint, payload);
        }

        public Task ReceiveAsync(Action<ReceivedPacket> onPacket, CancellationToken cancellationToken) => inner.ReceiveAsync(onPacket, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
