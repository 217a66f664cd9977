using System.Buffers.Binary;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

public sealed class IpPacketTests
{
    [Test]
    public void TryParse_IPv4WithOptions_SkipsOptionsByIhl()
    {
        byte[] message = TestPackets.Message(TestPackets.V2("192.0.2.42"));
        byte[] plain = TestPackets.Ip(IpFamily.IPv4, message);

        // Insert a 4-byte Router Alert option (RFC 2113) and grow IHL and total length.
        byte[] withOption = [.. plain[..20], 0x94, 0x04, 0x00, 0x00, .. plain[20..]];
        withOption[0] = 0x46;
        BinaryPrimitives.WriteUInt16BigEndian(withOption.AsSpan(2), (ushort)withOption.Length);

        Assert.That(IpPacket.TryParse(withOption, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(ip.Payload.ToArray(), Is.EqualTo(message));
        Assert.That(VrrpPacket.Decode(ip, out _), Is.EqualTo(VrrpRejectReason.None));
    }

    [Test]
    public void TryParse_IPv4EthernetPadding_PayloadBoundedByTotalLength()
    {
        byte[] message = TestPackets.Message(TestPackets.V3V4("192.0.2.44"));
        byte[] padded = [.. TestPackets.Ip(IpFamily.IPv4, message), 0, 0, 0, 0, 0, 0];
        Assert.That(IpPacket.TryParse(padded, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(ip.Payload.Length, Is.EqualTo(message.Length));
        Assert.That(ip.IsTruncated, Is.False);
    }

    [Test]
    public void TryParse_IPv6WithHopByHopAndDestinationOptions_FindsVrrp()
    {
        byte[] message = TestPackets.Message(TestPackets.V3V6("fe80::46"));
        byte[] plain = TestPackets.Ip(IpFamily.IPv6, message);
        byte[] hopByHop = [60, 0, 5, 2, 0, 0, 1, 0]; // next: Destination Options; Router Alert + PadN
        byte[] destOpts = [112, 0, 1, 4, 0, 0, 0, 0]; // next: VRRP; PadN
        byte[] packet = [.. plain[..40], .. hopByHop, .. destOpts, .. message];
        packet[6] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)(packet.Length - 40));

        Assert.That(IpPacket.TryParse(packet, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(ip.Protocol, Is.EqualTo(IpPacket.VrrpProtocol));
        Assert.That(ip.Payload.ToArray(), Is.EqualTo(message));
    }

    [Test]
    public void TryParse_IPv6ExtensionHeaderPastEnd_ReportsTruncated()
    {
        byte[] packet = TestPackets.Ip(IpFamily.IPv6, new byte[8]);
        packet[6] = 0; // Hop-by-Hop claiming 8 * 201 bytes
        packet[41] = 200;
        Assert.That(IpPacket.TryParse(packet, out _), Is.EqualTo(IpParseStatus.Truncated));
    }

    [Test]
    public void TryParse_IhlBelowFive_ReportsBadHeaderLength()
    {
        byte[] packet = TestPackets.Ip(IpFamily.IPv4, new byte[8]);
        packet[0] = 0x44;
        Assert.That(IpPacket.TryParse(packet, out _), Is.EqualTo(IpParseStatus.BadHeaderLength));
    }

    [TestCase(new byte[] { })]
    [TestCase(new byte[] { 0x45, 0, 0 })]
    [TestCase(new byte[] { 0x60, 0, 0, 0 })]
    public void TryParse_ShortBuffer_ReportsTruncated(byte[] data)
    {
        Assert.That(IpPacket.TryParse(data, out _), Is.EqualTo(IpParseStatus.Truncated));
    }

    [Test]
    public void TryParse_Version5_ReportsUnknownVersion()
    {
        Assert.That(IpPacket.TryParse(new byte[40] { 0x50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, out _), Is.EqualTo(IpParseStatus.UnknownVersion));
    }

    [Test]
    public void TryParse_IPv4MoreFragments_IsFragment()
    {
        byte[] packet = TestPackets.Ip(IpFamily.IPv4, new byte[8]);
        packet[6] = 0x20;
        Assert.That(IpPacket.TryParse(packet, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(ip.IsFragment, Is.True);
    }
}
