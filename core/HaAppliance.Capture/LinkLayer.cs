using System.Buffers.Binary;

namespace HaAppliance.Capture;

/// <summary>Strips the link-layer header of a captured frame down to the IP packet. Non-throwing, bounds-checked.</summary>
public static class LinkLayer
{
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;

    /// <summary>Finds the IPv4 or IPv6 packet in <paramref name="frame"/>; false for anything else (ARP, LLDP, ...).</summary>
    public static bool TryGetIpPacket(PcapLinkType linkType, ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        switch (linkType)
        {
            case PcapLinkType.Ethernet:
                return TryEthernet(frame, out ip);
            case PcapLinkType.Raw:
            case PcapLinkType.IPv4:
            case PcapLinkType.IPv6:
                ip = frame;
                return !frame.IsEmpty && (frame[0] >> 4) is 4 or 6;
            case PcapLinkType.LinuxSll:
                return frame.Length >= 16 && ByEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[14..]), frame[16..], out ip);
            case PcapLinkType.LinuxSll2:
                return frame.Length >= 20 && ByEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[20..], out ip);
            case PcapLinkType.Null:
                return TryNull(frame, out ip);
            case PcapLinkType.FrameRelay:
                return TryFrameRelay(frame, out ip);
            default:
                return false;
        }
    }

    private static bool TryEthernet(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        int offset = 12;

        // Skip 802.1Q / 802.1ad / QinQ tags.
        while (frame.Length >= offset + 2)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
            if (type is 0x8100 or 0x88A8 or 0x9100)
            {
                offset += 4;
                continue;
            }

            return ByEtherType(type, frame[(offset + 2)..], out ip);
        }

        return false;
    }

    private static bool TryNull(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip)
    {
        ip = default;
        if (frame.Length < 4)
        {
            return false;
        }

        // The family is in the writer's byte order; 2 is AF_INET everywhere, AF_INET6 is 10, 24, 28 or 30.
        uint le = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        uint be = BinaryPrimitives.ReadUInt32BigEndian(frame);
        uint family = le < 256 ? le : be;
        if (family is 2 or 10 or 24 or 28 or 30)
        {
            ip = frame[4..];
            return true;
        }

        return false;
    }

    private static bool TryFrameRelay(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> ip)
    {
        ip = default;

        // Q.922 address: 2 to 4 bytes, the last with the EA bit set.
        int offset = 0;
        while (offset < frame.Length && offset < 4)
        {
            if ((frame[offset++] & 0x01) != 0)
            {
                break;
            }
        }

        if (offset < 2 || frame.Length < offset + 2)
        {
            return false;
        }

        if (frame[offset] == 0x03)
        {
            // RFC 2427: UI control, optional pad, NLPID 0xCC (IPv4) or 0x8E (IPv6).
            int n = offset + 1;
            if (n < frame.Length && frame[n] == 0x00)
            {
                n++;
            }

            if (n >= frame.Length)
            {
                return false;
            }

            ip = frame[(n + 1)..];
            return frame[n] is 0xCC or 0x8E;
        }

        // Cisco-style encapsulation: an ethertype right after the address.
        return ByEtherType(BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]), frame[(offset + 2)..], out ip);
    }

    private static bool ByEtherType(ushort type, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> ip)
    {
        ip = payload;
        return type is EtherTypeIPv4 or EtherTypeIPv6;
    }
}
