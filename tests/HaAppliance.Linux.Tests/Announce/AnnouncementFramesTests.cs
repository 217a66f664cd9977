using System.Net;
using System.Net.NetworkInformation;
using HaAppliance.Linux.Announce;
using PacketDotNet;

namespace HaAppliance.Linux.Tests.Announce;

[TestFixture]
public sealed class AnnouncementFramesTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("52-54-00-12-34-56");

    [Test]
    public void GratuitousArp_Ipv4Vip_IsBroadcastRequestWithSenderAndTargetVip()
    {
        var frame = AnnouncementFrames.GratuitousArp(Mac, IPAddress.Parse("192.0.2.100"));

        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        var arp = ethernet.Extract<ArpPacket>();
        Assert.Multiple(() =>
        {
            Assert.That(frame, Has.Length.EqualTo(60));
            Assert.That(ethernet.DestinationHardwareAddress, Is.EqualTo(PhysicalAddress.Parse("FF-FF-FF-FF-FF-FF")));
            Assert.That(ethernet.SourceHardwareAddress, Is.EqualTo(Mac));
            Assert.That(arp.Operation, Is.EqualTo(ArpOperation.Request));
            Assert.That(arp.SenderProtocolAddress, Is.EqualTo(IPAddress.Parse("192.0.2.100")));
            Assert.That(arp.TargetProtocolAddress, Is.EqualTo(IPAddress.Parse("192.0.2.100")));
            Assert.That(arp.SenderHardwareAddress, Is.EqualTo(Mac));
        });
    }

    [Test]
    public void UnsolicitedNeighbourAdvert_Ipv6Vip_HasRfc4861Fields()
    {
        var frame = AnnouncementFrames.UnsolicitedNeighbourAdvert(Mac, IPAddress.Parse("fe80::5054:ff:fe12:3456"), IPAddress.Parse("2001:db8::100"));

        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        var ipv6 = ethernet.Extract<IPv6Packet>();
        // ICMPv6 follows the 14-byte Ethernet and 40-byte IPv6 headers.
        var icmp = frame.AsSpan(14 + 40, ipv6.PayloadLength).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ethernet.DestinationHardwareAddress, Is.EqualTo(PhysicalAddress.Parse("33-33-00-00-00-01")));
            Assert.That(ipv6.DestinationAddress, Is.EqualTo(IPAddress.Parse("ff02::1")));
            Assert.That(ipv6.HopLimit, Is.EqualTo(255));
            Assert.That(ipv6.NextHeader, Is.EqualTo(PacketDotNet.ProtocolType.IcmpV6));
            Assert.That(ipv6.PayloadLength, Is.EqualTo(32));
            Assert.That(icmp[0], Is.EqualTo(136), "type: neighbour advertisement");
            Assert.That(icmp[4], Is.EqualTo(0x20), "flags: override only");
            Assert.That(new IPAddress(icmp.AsSpan(8, 16)), Is.EqualTo(IPAddress.Parse("2001:db8::100")));
            Assert.That(icmp.Skip(24).Take(8).ToArray(), Is.EqualTo(new byte[] { 2, 1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }));
        });
    }

    [Test]
    public void Icmpv6Checksum_KnownMessage_MatchesHandComputedValue()
    {
        // Worked by hand: pseudo-header words of ::1 → ::2, length 4, next header 58, plus message 0x8800 0x0000.
        // Sum = 1 + 2 + 4 + 58 + 0x8800 = 0x8841; one's complement = 0x77BE.
        var checksum = AnnouncementFrames.Icmpv6Checksum(IPAddress.Parse("::1"), IPAddress.Parse("::2"), [0x88, 0x00, 0x00, 0x00]);

        Assert.That(checksum, Is.EqualTo(0x77BE));
    }

    [Test]
    public void GratuitousArp_Ipv6Address_Throws()
    {
        Assert.Throws<ArgumentException>(() => AnnouncementFrames.GratuitousArp(Mac, IPAddress.Parse("2001:db8::1")));
    }
}
