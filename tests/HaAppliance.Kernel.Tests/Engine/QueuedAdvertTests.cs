using System.Net;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// A Backup's Master_Down_Timer falls due while its Master's advert is already received but still queued behind a
/// flood, on fake time: the Backup hears the advert first and stays Backup, the Master's due advert is still sent
/// before the flood, and a Backup whose Master really went silent still takes over once the queue is handled.
/// </summary>
public sealed class QueuedAdvertTests
{
    private const int Batch = 16;
    private const int Flood = 10 * Batch;
    private static readonly IPAddress Peer = IPAddress.Parse("192.0.2.9");
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");

    [TestCase(true, 0)]
    [TestCase(false, 1)]
    public async Task MasterDownDue_WhileMastersAdvertQueuedBehindFlood_BackupHearsItFirst(bool advertQueued, long becameMaster)
    {
        await using var lan = new EngineLan();
        var log = new ListLogger();
        var sentAfter = new List<int>();
        int Handled() => log.Messages.Count(m => m.Contains("no instance of ours", StringComparison.Ordinal));
        var transport = new PacketFloodTests.CountingTransport(lan.Hub.Connect("lb1"), Handled, sentAfter);

        // VI_1 (vrid 51, priority 100) is Backup to the peer's priority 200; VI_2 (vrid 52, priority 200) is Master.
        var config = TestConfigs.SyncPair(100);
        config.SyncGroups.Clear();
        config.Instances[1].Priority = 200;
        var node = lan.Add("lb1", "192.0.2.1", config);
        await using var engine = new VrrpEngine("lb1", transport, _ => node.Vips, NullVipAnnouncer.Instance, node.Sink, node.Clock, log,
            new VrrpEngineOptions { PacketQueue = 1000, PacketBatch = Batch });
        using var stop = new CancellationTokenSource();
        var loop = engine.RunAsync(node.Specs(), removeStaleVips: false, stop.Token);
        var advert = new byte[64];
        var length = VrrpEncoder.Encode(advert, new Advertisement(VrrpVersion.V3, 51, 200, 100, Peer, [IPAddress.Parse("192.0.2.100")]), Group);
        void PeerAdvert() => engine.Inject(new ReceivedPacket(2, IpFamily.IPv4, Peer, Group, 255, advert.AsMemory(0, length)));
        for (var i = 0; i < 50; i++)
        {
            if (i % 10 == 0)
            {
                PeerAdvert();
            }

            lan.Time.Advance(TimeSpan.FromMilliseconds(100));
            await engine.BarrierAsync();
        }

        PeerAdvert();
        await engine.BarrierAsync();
        var status = await engine.StatusAsync();
        Assert.That(status.Select(s => (s.Name, s.State)), Is.EquivalentTo(new[] { ("VI_1", RouterState.Backup), ("VI_2", RouterState.Master) }));

        // Hold the loop while the flood and then the peer's next advert arrive, so both wait in the queue.
        using var hold = LoopHold.Of(engine);
        for (var i = 0; i < Flood; i++)
        {
            engine.Inject(new ReceivedPacket(2, IpFamily.IPv4, Peer, Group, 255, new byte[] { 0x31, 99, 50, 0 }));
        }

        if (advertQueued)
        {
            PeerAdvert();
        }

        var before = sentAfter.Count;
        var handled = Handled();
        lan.Time.Advance(TimeSpan.FromSeconds(3.7)); // past VI_1's Master_Down_Interval (3.61 s) and VI_2's advert
        hold.Release();
        for (var i = 0; i < 1000 && Handled() - handled < Flood; i++)
        {
            await engine.BarrierAsync();
        }

        status = await engine.StatusAsync();
        Assert.That(sentAfter.Count, Is.GreaterThan(before), "VI_2's due advert was sent");
        Assert.That(sentAfter[before] - handled, Is.LessThanOrEqualTo(Batch), "at most one batch of packets went before the Master's due advert");
        Assert.That(Handled() - handled, Is.EqualTo(Flood), "every queued packet is handled");
        Assert.That(status.Single(s => s.Name == "VI_1").BecameMaster, Is.EqualTo(becameMaster), advertQueued ? "the queued advert is heard before Master_Down fires" : "a silent Master is still taken over from");
        await engine.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
