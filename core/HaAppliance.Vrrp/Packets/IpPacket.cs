using System.Buffers.Binary;
using System.Net;

namespace HaAppliance.Vrrp.Packets;

/// <summary>
/// A view over an IPv4 or IPv6 packet: the fields VRRP needs and the upper-layer payload.
/// Pure and non-throwing; it never reads past the span it is given, and allocates nothing.
/// The live raw IPv4 socket delivers the IP header, so the transport parses it with this too.
/// </summary>
public readonly ref struct IpPacket
{
    /// <summary>Protocol number assigned to VRRP (RFC 3768 §5.2.4, RFC 9568 §5.1.1.4).</summary>
    public const byte VrrpProtocol = 112;

    private IpPacket(
        IpFamily family,
        ReadOnlySpan<byte> source,
        ReadOnlySpan<byte> destination,
        byte ttl,
        byte protocol,
        ReadOnlySpan<byte> payload,
        bool isTruncated,
        int declaredLength,
        byte trafficClass,
        int flowLabel,
        ushort identification,
        ushort flagsAndOffset)
    {
        Family = family;
        Source = source;
        Destination = destination;
        Ttl = ttl;
        Protocol = protocol;
        Payload = payload;
        IsTruncated = isTruncated;
        DeclaredLength = declaredLength;
        TrafficClass = trafficClass;
        FlowLabel = flowLabel;
        Identification = identification;
        FlagsAndFragmentOffset = flagsAndOffset;
    }

    /// <summary>IPv4 or IPv6.</summary>
    public IpFamily Family { get; }

    /// <summary>Source address bytes (4 or 16).</summary>
    public ReadOnlySpan<byte> Source { get; }

    /// <summary>Destination address bytes (4 or 16).</summary>
    public ReadOnlySpan<byte> Destination { get; }

    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    public byte Ttl { get; }

    /// <summary>IPv4 protocol, or the IPv6 next header after the skipped extension headers.</summary>
    public byte Protocol { get; }

    /// <summary>The upper-layer payload, bounded by the header's length field and by the bytes present.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>True when fewer bytes are present than the length field announces.</summary>
    public bool IsTruncated { get; }

    /// <summary>IPv4 total length, or the IPv6 payload length, as announced in the header.</summary>
    public int DeclaredLength { get; }

    /// <summary>IPv4 TOS byte or IPv6 traffic class.</summary>
    public byte TrafficClass { get; }

    /// <summary>IPv6 flow label (0 for IPv4).</summary>
    public int FlowLabel { get; }

    /// <summary>IPv4 identification (0 for IPv6).</summary>
    public ushort Identification { get; }

    /// <summary>IPv4 flags (top 3 bits) and fragment offset in 8-byte units (low 13 bits).</summary>
    public ushort FlagsAndFragmentOffset { get; }

    /// <summary>True for a non-first fragment or a fragment with more to come (IPv4 MF/offset, or an IPv6 fragment header).</summary>
    public bool IsFragment => (FlagsAndFragmentOffset & 0x3FFF) != 0;

    /// <summary>The source as an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress GetSourceAddress() => new(Source);

    /// <summary>The destination as an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress GetDestinationAddress() => new(Destination);

    /// <summary>Parses an IPv4 (options skipped by IHL) or IPv6 (common extension headers skipped) packet.</summary>
    public static IpParseStatus TryParse(ReadOnlySpan<byte> data, out IpPacket packet)
    {
        packet = default;
        if (data.IsEmpty)
        {
            return IpParseStatus.Truncated;
        }

        return (data[0] >> 4) switch
        {
            4 => TryParseV4(data, out packet),
            6 => TryParseV6(data, out packet),
            _ => IpParseStatus.UnknownVersion,
        };
    }

    private static IpParseStatus TryParseV4(ReadOnlySpan<byte> data, out IpPacket packet)
    {
        packet = default;
        if (data.Length < 20)
        {
            return IpParseStatus.Truncated;
        }

        int headerLength = (data[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (headerLength < 20 || totalLength < headerLength)
        {
            return IpParseStatus.BadHeaderLength;
        }

        if (data.Length < headerLength)
        {
            return IpParseStatus.Truncated;
        }

        int end = Math.Min(totalLength, data.Length);
        packet = new IpPacket(
            IpFamily.IPv4,
            data.Slice(12, 4),
            data.Slice(16, 4),
            ttl: data[8],
            protocol: data[9],
            payload: data[headerLength..end],
            isTruncated: data.Length < totalLength,
            declaredLength: totalLength,
            trafficClass: data[1],
            flowLabel: 0,
            identification: BinaryPrimitives.ReadUInt16BigEndian(data[4..]),
            flagsAndOffset: BinaryPrimitives.ReadUInt16BigEndian(data[6..]));
        return IpParseStatus.Ok;
    }

    private static IpParseStatus TryParseV6(ReadOnlySpan<byte> data, out IpPacket packet)
    {
        packet = default;
        if (data.Length < 40)
        {
            return IpParseStatus.Truncated;
        }

        uint first = BinaryPrimitives.ReadUInt32BigEndian(data);
        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        int end = Math.Min(40 + payloadLength, data.Length);
        byte next = data[6];
        int offset = 40;
        ushort fragment = 0;

        // Skip the extension headers a VRRP packet may plausibly carry (RFC 8200 §4).
        // Bounded: each step advances by at least 8 bytes within 'end'.
        while (true)
        {
            int extLength;
            switch (next)
            {
                case 0: // Hop-by-Hop Options
                case 43: // Routing
                case 60: // Destination Options
                    if (offset + 2 > end)
                    {
                        return IpParseStatus.Truncated;
                    }

                    extLength = (data[offset + 1] + 1) * 8;
                    break;
                case 44: // Fragment
                    if (offset + 8 > end)
                    {
                        return IpParseStatus.Truncated;
                    }

                    // Offset (13 bits) and M flag, mapped onto the IPv4 layout so IsFragment works for both.
                    ushort raw = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
                    fragment = (ushort)((raw >> 3) | ((raw & 1) << 13));
                    extLength = 8;
                    break;
                case 51: // Authentication Header (RFC 4302: length in 4-byte units minus 2)
                    if (offset + 2 > end)
                    {
                        return IpParseStatus.Truncated;
                    }

                    extLength = (data[offset + 1] + 2) * 4;
                    break;
                default:
                    extLength = 0;
                    break;
            }

            if (extLength == 0)
            {
                break;
            }

            if (offset + extLength > end)
            {
                return IpParseStatus.Truncated;
            }

            next = data[offset];
            offset += extLength;
        }

        packet = new IpPacket(
            IpFamily.IPv6,
            data.Slice(8, 16),
            data.Slice(24, 16),
            ttl: data[7],
            protocol: next,
            payload: data[offset..end],
            isTruncated: data.Length < 40 + payloadLength,
            declaredLength: payloadLength,
            trafficClass: (byte)(first >> 20),
            flowLabel: (int)(first & 0xFFFFF),
            identification: 0,
            flagsAndOffset: fragment);
        return IpParseStatus.Ok;
    }
}
