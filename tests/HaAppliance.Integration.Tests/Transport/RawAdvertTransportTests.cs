using System.Collections.Concurrent;
using System.Net;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Kernel;
using HaAppliance.Linux;
using HaAppliance.Linux.Transport;
using HaAppliance.Vrrp;

namespace HaAppliance.Integration.Tests.Transport;

/// <summary>The live transport the event loop uses: both families on real raw sockets between two namespaces.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RawAdvertTransportTests
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
            // a has a second address: a sender that is not the address b treats as its own.
            _a = _lab.AddHost("a", "10.99.0.1/24", "10.99.0.11/24", "fd00:99::1/64");
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

    private static TransportEndpoint Multicast(int ifIndex, IpFamily family, string source) =>
        new("eth0", ifIndex, family, IPAddress.Parse(source), [VrrpMulticastGroups.For(family)], Unicast: false);

    /// <summary>Runs the transport's receive loop until <paramref name="enough"/> says stop, collecting what it hands on.</summary>
    private static async Task<List<ReceivedPacket>> ReceiveUntil(RawAdvertTransport transport, Func<IReadOnlyCollection<ReceivedPacket>, bool> enough, Func<Task> send)
    {
        using var cts = new CancellationTokenSource(Patience);
        var received = new ConcurrentQueue<ReceivedPacket>();
        var receiving = transport.ReceiveAsync(p =>
        {
            received.Enqueue(p);
            if (enough(received))
            {
                cts.Cancel();
            }
        }, cts.Token);
        await send();
        await receiving;
        Assert.That(enough(received), Is.True, "the transport handed on too little before the patience ran out");
        return [.. received];
    }

    [Test]
    public async Task ReceiveAsync_BothFamiliesOpen_HandsOnPacketsOfEach()
    {
        await using var sender = _a.Run(() => RawAdvertTransport.Open());
        await using var receiver = _b.Run(() => RawAdvertTransport.Open());
        var aIf = _a.IfIndex("eth0");
        var bIf = _b.IfIndex("eth0");
        await receiver.OpenAsync(Multicast(bIf, IpFamily.IPv4, "10.99.0.2"), CancellationToken.None);
        await receiver.OpenAsync(Multicast(bIf, IpFamily.IPv6, "fd00:99::2"), CancellationToken.None);

        var received = await ReceiveUntil(receiver, r => r.Select(p => p.Family).Distinct().Count() == 2, () =>
        {
            sender.Send(Multicast(aIf, IpFamily.IPv4, "10.99.0.1"), Advert(57, IPAddress.Parse("10.99.0.100")));
            sender.Send(Multicast(aIf, IpFamily.IPv6, "fd00:99::1"), Advert(57, IPAddress.Parse("fd00:99::100")));
            return Task.CompletedTask;
        });

        Assert.That(received.Select(p => p.Source), Is.SupersetOf(new[] { IPAddress.Parse("10.99.0.1"), IPAddress.Parse("fd00:99::1") }));
        Assert.That(received.All(p => p.IfIndex == bIf && p.Ttl == 255), Is.True);
    }

    [Test]
    public async Task ReceiveAsync_PacketFromAnOpenEndpointsOwnSource_IsDropped()
    {
        await using var receiver = _b.Run(() => RawAdvertTransport.Open(ipv6: false));
        var bIf = _b.IfIndex("eth0");
        // b's endpoint claims a's first address: what arrives from it is, to b, its own advert come back.
        await receiver.OpenAsync(Multicast(bIf, IpFamily.IPv4, "10.99.0.1"), CancellationToken.None);
        using var sender = _a.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));
        var aIf = _a.IfIndex("eth0");

        var received = await ReceiveUntil(receiver, r => r.Count >= 1, async () =>
        {
            // The own one goes first; had it been handed on, it would be the first packet received.
            await sender.SendAsync(aIf, VrrpMulticastGroups.IPv4, IPAddress.Parse("10.99.0.1"), Advert(58, IPAddress.Parse("10.99.0.100")));
            await sender.SendAsync(aIf, VrrpMulticastGroups.IPv4, IPAddress.Parse("10.99.0.11"), Advert(58, IPAddress.Parse("10.99.0.100")));
        });

        Assert.That(received[0].Source, Is.EqualTo(IPAddress.Parse("10.99.0.11")));
    }

    [Test]
    public async Task ReceiveAsync_OwnSourceAfterEndpointClosed_IsHandedOn()
    {
        await using var receiver = _b.Run(() => RawAdvertTransport.Open(ipv6: false));
        var bIf = _b.IfIndex("eth0");
        var claimed = Multicast(bIf, IpFamily.IPv4, "10.99.0.1");
        await receiver.OpenAsync(claimed, CancellationToken.None);
        // A second endpoint keeps the group joined; closing the first gives the address back to the peers.
        await receiver.OpenAsync(Multicast(bIf, IpFamily.IPv4, "10.99.0.2"), CancellationToken.None);
        await receiver.CloseAsync(claimed, CancellationToken.None);
        using var sender = _a.Run(() => RawVrrpSocket.Open(IpFamily.IPv4));
        var aIf = _a.IfIndex("eth0");

        var received = await ReceiveUntil(receiver, r => r.Count >= 1, async () =>
            await sender.SendAsync(aIf, VrrpMulticastGroups.IPv4, IPAddress.Parse("10.99.0.1"), Advert(59, IPAddress.Parse("10.99.0.100"))));

        Assert.That(received[0].Source, Is.EqualTo(IPAddress.Parse("10.99.0.1")));
    }
}
