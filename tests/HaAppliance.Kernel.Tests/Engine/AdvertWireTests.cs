using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>
/// A Backup's steady state: its Master sends the same advert every interval; decoding it again gives the same event
/// and allocates nothing, while any change (priority, addresses, sender) or a bad packet is decoded afresh or refused.
/// </summary>
public sealed class AdvertWireTests
{
    private static readonly IPAddress Master = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Group = IPAddress.Parse("224.0.0.18");
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.100");

    [Test]
    public void TryDecode_SameAdvertAgain_SameEventAndNothingAllocated()
    {
        var rt = Runtime();
        var packet = Packet(Master, priority: 200);
        Assert.That(AdvertWire.TryDecode(rt, packet, true, out var first, out _), Is.True);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var same = 0;
        for (var i = 0; i < 1_000; i++)
        {
            same += AdvertWire.TryDecode(rt, packet, true, out var again, out _) && ReferenceEquals(again, first) ? 1 : 0;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated for 1,000 decodes");
        Assert.That(same, Is.EqualTo(1_000));
        Assert.That(first!.Advert.Priority, Is.EqualTo(200));
    }

    [Test]
    public void TryDecode_PriorityChangedOrOtherSender_DecodedAfresh()
    {
        var rt = Runtime();
        AdvertWire.TryDecode(rt, Packet(Master, priority: 200), true, out var first, out _);

        AdvertWire.TryDecode(rt, Packet(Master, priority: 180), true, out var lowered, out _);
        var other = IPAddress.Parse("192.0.2.3");
        AdvertWire.TryDecode(rt, Packet(other, priority: 180), true, out var fromOther, out _);

        Assert.That(lowered, Is.Not.SameAs(first));
        Assert.That(lowered!.Advert.Priority, Is.EqualTo(180));
        Assert.That(fromOther, Is.Not.SameAs(lowered));
        Assert.That(fromOther!.Advert.Source, Is.EqualTo(other));
    }

    [Test]
    public void TryDecode_SameBytesWithTtl1_RefusedThoughTheLastAdvertMatches()
    {
        var rt = Runtime();
        var packet = Packet(Master, priority: 200);
        AdvertWire.TryDecode(rt, packet, true, out _, out _);

        var decoded = AdvertWire.TryDecode(rt, packet with { Ttl = 1 }, true, out var received, out var reason);

        Assert.That((decoded, received, reason), Is.EqualTo((false, (RouterEvent.AdvertReceived?)null, VrrpRejectReason.TtlNot255)));
    }

    private static ReceivedPacket Packet(IPAddress source, byte priority)
    {
        var buffer = new byte[64];
        var n = VrrpEncoder.Encode(buffer, new Advertisement(VrrpVersion.V3, 51, priority, 100, source, [Vip]), Group);
        return new ReceivedPacket(2, IpFamily.IPv4, source, Group, 255, buffer.AsMemory(0, n));
    }

    private static InstanceRuntime Runtime()
    {
        var primary = IPAddress.Parse("192.0.2.2");
        var router = new RouterOptions { Name = "VI_1", Vrid = 51, Priority = 100, PrimaryAddress = primary, VirtualAddresses = [Vip] };
        var spec = new InstanceSpec
        {
            Name = "VI_1",
            Router = router,
            Endpoint = new TransportEndpoint("eth0", 2, IpFamily.IPv4, primary, [Group], false),
            Vips = [new VipAddress(Vip, 24, "eth0")],
        };
        return new InstanceRuntime(spec, new VirtualRouter(router, TimeProvider.System));
    }
}
