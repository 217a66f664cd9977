using System.Buffers.Binary;
using System.Net;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

/// <summary>Builds whole IP packets around adverts encoded by the product encoder, for validation tests.</summary>
internal static class TestPackets
{
    public static readonly IPAddress V4Source = IPAddress.Parse("192.0.2.1");
    public static readonly IPAddress V4Group = IPAddress.Parse("224.0.0.18");
    public static readonly IPAddress V6Source = IPAddress.Parse("fe80::1");
    public static readonly IPAddress V6Group = IPAddress.Parse("ff02::12");

    public static Advertisement V2(params string[] addresses) =>
        new(VrrpVersion.V2, 42, 150, 100, V4Source, addresses.Select(IPAddress.Parse).ToArray());

    public static Advertisement V3V4(params string[] addresses) =>
        new(VrrpVersion.V3, 44, 120, 50, V4Source, addresses.Select(IPAddress.Parse).ToArray());

    public static Advertisement V3V6(params string[] addresses) =>
        new(VrrpVersion.V3, 46, 110, 100, V6Source, addresses.Select(IPAddress.Parse).ToArray());

    /// <summary>The VRRP message alone.</summary>
    public static byte[] Message(Advertisement advert, VrrpEncodeOptions? options = null)
    {
        var buffer = new byte[512];
        int n = VrrpEncoder.Encode(buffer, advert, advert.Family == IpFamily.IPv6 ? V6Group : V4Group, options);
        return buffer[..n];
    }

    /// <summary>An IPv4 or IPv6 packet carrying <paramref name="message"/>, as the wire (or a raw socket) has it.</summary>
    public static byte[] Ip(IpFamily family, byte[] message, byte ttl = 255, IPAddress? source = null, IPAddress? destination = null)
    {
        if (family == IpFamily.IPv4)
        {
            var packet = new byte[20 + message.Length];
            packet[0] = 0x45;
            packet[1] = 0xC0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            packet[8] = ttl;
            packet[9] = 112;
            (source ?? V4Source).TryWriteBytes(packet.AsSpan(12), out _);
            (destination ?? V4Group).TryWriteBytes(packet.AsSpan(16), out _);
            message.CopyTo(packet, 20);
            return packet;
        }
        else
        {
            var packet = new byte[40 + message.Length];
            packet[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)message.Length);
            packet[6] = 112;
            packet[7] = ttl;
            (source ?? V6Source).TryWriteBytes(packet.AsSpan(8), out _);
            (destination ?? V6Group).TryWriteBytes(packet.AsSpan(24), out _);
            message.CopyTo(packet, 40);
            return packet;
        }
    }

    public static byte[] Ip(Advertisement advert, VrrpEncodeOptions? options = null, byte ttl = 255)
        => Ip(advert.Family, Message(advert, options), ttl);

    /// <summary>Recomputes the checksum after a test mutated a field, in the given form.</summary>
    public static void FixChecksum(byte[] message, IpFamily family, bool pseudoHeader)
    {
        message[6] = 0;
        message[7] = 0;
        uint sum = 0;
        if (pseudoHeader)
        {
            Span<byte> s = stackalloc byte[16], d = stackalloc byte[16];
            int size = family == IpFamily.IPv6 ? 16 : 4;
            (family == IpFamily.IPv6 ? V6Source : V4Source).TryWriteBytes(s, out _);
            (family == IpFamily.IPv6 ? V6Group : V4Group).TryWriteBytes(d, out _);
            sum = family == IpFamily.IPv6
                ? InternetChecksum.IPv6PseudoHeader(s[..size], d[..size], 112, message.Length)
                : InternetChecksum.IPv4PseudoHeader(s[..size], d[..size], 112, message.Length);
        }

        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), InternetChecksum.Finish(InternetChecksum.Add(sum, message)));
    }

    public static VrrpRejectReason Decode(byte[] ipPacket)
    {
        Assert.That(IpPacket.TryParse(ipPacket, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        return VrrpPacket.Decode(ip, out _);
    }
}
