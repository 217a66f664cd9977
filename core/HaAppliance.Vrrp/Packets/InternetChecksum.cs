using System.Buffers.Binary;

namespace HaAppliance.Vrrp.Packets;

/// <summary>The RFC 1071 one's-complement sum, with the pseudo-headers VRRPv3 uses (RFC 9568 §5.2.8).</summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running 32-bit sum; an odd trailing byte is padded with zero.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        // Sum 16-bit big-endian words into 64 bits so no carry is lost, then fold.
        ulong acc = sum;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64BigEndian(data[i..]);
            acc += (v >> 48) + ((v >> 32) & 0xFFFF) + ((v >> 16) & 0xFFFF) + (v & 0xFFFF);
        }

        for (; i + 2 <= data.Length; i += 2)
        {
            acc += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            acc += (uint)data[i] << 8;
        }

        while (acc > 0xFFFF_FFFF)
        {
            acc = (acc & 0xFFFF_FFFF) + (acc >> 32);
        }

        return (uint)acc;
    }

    /// <summary>Folds a running sum to 16 bits and complements it: the value to put in a checksum field.</summary>
    public static ushort Finish(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>Sum of the IPv4 pseudo-header (RFC 768 layout: src, dst, zero, protocol, length).</summary>
    public static uint IPv4PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, int length)
    {
        uint sum = Add(0, source);
        sum = Add(sum, destination);
        return sum + protocol + (uint)(ushort)length;
    }

    /// <summary>Sum of the IPv6 pseudo-header (RFC 8200 §8.1: src, dst, 32-bit length, zeros, next header).</summary>
    public static uint IPv6PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte nextHeader, int length)
    {
        uint sum = Add(0, source);
        sum = Add(sum, destination);
        return sum + (uint)(length >> 16) + (uint)(length & 0xFFFF) + nextHeader;
    }
}
