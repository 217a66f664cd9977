using System.Net;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;

namespace HaAppliance.Integration.Tests.Transport;

[TestFixture]
[NonParallelizable]
public sealed class RawVrrpSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private NetworkLab _lab = null!;
    private NetNamespace _a = null!;
    private NetNamespace _b = null!;

    [OneTimeSetUp]
    public void CreateLan()
    {
        Requires.NetworkNamespaces("raw VRRP sockets need root and a network namespace");
        _lab = NetworkLab.Create();
        try
        {
            _a = _lab.AddHost("a", "10.99.0.1/24", "fd00:99::1/64");
            _b = _lab.AddHost("b", "10.99.0.2/24", "fd00:99::2/64");
        }
        catch
        {
            _lab.Dispose();
            throw;
        }
    }

    [OneTimeTearDown]
    public void DeleteLan() => _lab?.Dispose();

    /// <summary>A VRRPv3 advert for VRID 51, priority 100, one address; the transport does not look inside.</summary>
    private static byte[] Advert(byte vrid, IPAddress vip)
    {
        var address = vip.GetAddressBytes();
        var packet = new byte[8 + address.Length];
        packet[0] = 0x31;
        packet[1] = vrid;
        packet[2] = 100;
        packet[3] = 1;
        packet[5] = 100;
        address.CopyTo(packet, 8);
        return packet;
    }

    private (RawVrrpSocket Socket, int IfIndex) Open(NetNamespace ns, IpFamily family, bool join = true) => ns.Run(() =>
    {
        var socket = RawVrrpSocket.Open(family);
        var ifIndex = InterfaceIndex.Of("eth0");
        if (join)
        {
            socket.JoinGroup(ifIndex);
        }
        return (socket, ifIndex);
    });

    private static async Task<ReceivedPacket> Receive(RawVrrpSocket socket)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await socket.ReceiveAsync(cts.Token);
    }

    [TestCase(IpFamily.IPv4, "10.99.0.1", "224.0.0.18")]
    [TestCase(IpFamily.IPv6, "fd00:99::1", "ff02::12")]
    public async Task SendAsync_Multicast_PeerReceivesWithTtl255AndItsIfIndex(IpFamily family, string source, string group)
    {
        var (sender, senderIf) = Open(_a, family);
        var (receiver, receiverIf) = Open(_b, family);
        using (sender)
        using (receiver)
        {
            var payload = Advert(51, IPAddress.Parse(family == IpFamily.IPv4 ? "10.99.0.100" : "fd00:99::100"));
            await sender.SendAsync(senderIf, IPAddress.Parse(group), IPAddress.Parse(source), payload);

            var packet = await Receive(receiver);

            Assert.Multiple(() =>
            {
                Assert.That(packet.Family, Is.EqualTo(family));
                Assert.That(packet.Ttl, Is.EqualTo(255));
                Assert.That(packet.IfIndex, Is.EqualTo(receiverIf));
                Assert.That(packet.Source, Is.EqualTo(IPAddress.Parse(source)));
                Assert.That(packet.Destination, Is.EqualTo(IPAddress.Parse(group)));
                Assert.That(packet.Vrrp.ToArray(), Is.EqualTo(payload));
            });
        }
    }

    [Test]
    public async Task ReceiveAllAsync_2000AdvertsQueuedWhileTheReaderIsBusy_NoneLostAndInOrder()
    {
        var (sender, senderIf) = Open(_a, IpFamily.IPv4);
        var (receiver, _) = Open(_b, IpFamily.IPv4);
        using (sender)
        using (receiver)
        {
            // A backup of 255 instances at 10 ms whose reader was held up for 80 ms: 2,000 adverts wait in the socket,
            // more than the kernel's default receive buffer holds. Then one wake-up drains them.
            const int count = 2000;
            for (var i = 0; i < count; i++)
            {
                await sender.SendAsync(senderIf, IPAddress.Parse("224.0.0.18"), IPAddress.Parse("10.99.0.1"), Advert((byte)(1 + (i % 255)), IPAddress.Parse("10.99.0.100")));
            }

            using var cts = new CancellationTokenSource(Patience);
            var vrids = new List<byte>();
            await foreach (var packet in receiver.ReceiveAllAsync(cts.Token))
            {
                vrids.Add(packet.Vrrp.Span[1]);
                if (vrids.Count == count)
                {
                    break;
                }
            }

            Assert.That(vrids, Is.EqualTo(Enumerable.Range(0, count).Select(i => (byte)(1 + (i % 255)))));
        }
    }

    [TestCase(IpFamily.IPv4, "10.99.0.1", "10.99.0.2")]
    [TestCase(IpFamily.IPv6, "fd00:99::1", "fd00:99::2")]
    public async Task SendAsync_UnicastPeer_PeerReceivesFromUnicastSource(IpFamily family, string source, string peer)
    {
        var (sender, senderIf) = Open(_a, family, join: false);
        var (receiver, receiverIf) = Open(_b, family, join: false);
        using (sender)
        using (receiver)
        {
            var payload = Advert(52, IPAddress.Parse(family == IpFamily.IPv4 ? "10.99.0.101" : "fd00:99::101"));
            await sender.SendAsync(senderIf, IPAddress.Parse(peer), IPAddress.Parse(source), payload);

            var packet = await Receive(receiver);

            Assert.Multiple(() =>
            {
                Assert.That(packet.Ttl, Is.EqualTo(255));
                Assert.That(packet.IfIndex, Is.EqualTo(receiverIf));
                Assert.That(packet.Source, Is.EqualTo(IPAddress.Parse(source)));
                Assert.That(packet.Destination, Is.EqualTo(IPAddress.Parse(peer)));
                Assert.That(packet.Vrrp.ToArray(), Is.EqualTo(payload));
            });
        }
    }

    [TestCase(IpFamily.IPv4, "10.99.0.1", "10.99.0.2", "224.0.0.18")]
    [TestCase(IpFamily.IPv6, "fd00:99::1", "fd00:99::2", "ff02::12")]
    public async Task SendAsync_OwnMulticast_IsNotLoopedBack(IpFamily family, string ownSource, string peerSource, string group)
    {
        var (own, ownIf) = Open(_a, family);
        var (peer, peerIf) = Open(_b, family);
        using (own)
        using (peer)
        {
            // Our advert goes first; had it been looped back, it would be the first packet we read.
            await own.SendAsync(ownIf, IPAddress.Parse(group), IPAddress.Parse(ownSource), Advert(53, IPAddress.Parse(ownSource)));
            await Receive(peer);
            await peer.SendAsync(peerIf, IPAddress.Parse(group), IPAddress.Parse(peerSource), Advert(53, IPAddress.Parse(peerSource)));

            var packet = await Receive(own);

            Assert.That(packet.Source, Is.EqualTo(IPAddress.Parse(peerSource)));
        }
    }

    [Test]
    public async Task Open_BoundToDevice_ReceivesOnlyFromThatDevice()
    {
        var (sender, senderIf) = Open(_a, IpFamily.IPv4);
        using var onEth0 = _b.Run(() => RawVrrpSocket.Open(IpFamily.IPv4, device: "eth0"));
        using var onLo = _b.Run(() => RawVrrpSocket.Open(IpFamily.IPv4, device: "lo"));
        var bIf = _b.IfIndex("eth0");
        var loIf = _b.IfIndex("lo");
        onEth0.JoinGroup(bIf);
        onLo.JoinGroup(bIf);
        using (sender)
        {
            await sender.SendAsync(senderIf, VrrpMulticastGroups.IPv4, IPAddress.Parse("10.99.0.1"), Advert(56, IPAddress.Parse("10.99.0.1")));
            var fromEth0 = await Receive(onEth0);
            // The eth0 packet has now been delivered to every raw socket; then one arrives over lo.
            onLo.Send(loIf, IPAddress.Loopback, IPAddress.Loopback, Advert(56, IPAddress.Loopback));

            var fromLo = await Receive(onLo);

            Assert.That(fromEth0.Source, Is.EqualTo(IPAddress.Parse("10.99.0.1")));
            Assert.That(fromLo.Source, Is.EqualTo(IPAddress.Loopback), "the lo-bound socket never saw the eth0 packet");
            Assert.That(fromLo.IfIndex, Is.EqualTo(loIf));
        }
    }

    [Test]
    public void Open_BoundToMissingDevice_ThrowsNamingDevice()
    {
        var error = Assert.Throws<HaAppliance.Linux.Interop.NativeCallException>(() => _a.Run(() => RawVrrpSocket.Open(IpFamily.IPv4, device: "nosuch9")));

        Assert.That(error!.Errno, Is.EqualTo(19));
        Assert.That(error.Message, Does.Contain("SO_BINDTODEVICE nosuch9"));
    }

    [Test]
    public void JoinGroup_UnknownIfIndex_ThrowsWithErrno()
    {
        using var socket = _a.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));

        var error = Assert.Throws<HaAppliance.Linux.Interop.NativeCallException>(() => socket.JoinGroup(99999));

        Assert.That(error!.Message, Does.Contain("IP_ADD_MEMBERSHIP").And.Contain("99999"));
    }
}
