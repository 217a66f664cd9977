using System.Buffers.Binary;
using System.Text;

namespace HaAppliance.Plugins.Netlink;

/// <summary>Builds one netlink request: header, a fixed family struct, then rtattrs, each 4-byte aligned.</summary>
internal sealed class NetlinkMessage
{
    private readonly List<byte> _bytes = new(128);

    public NetlinkMessage(ushort type, ushort flags, ReadOnlySpan<byte> familyHeader)
    {
        Span<byte> header = stackalloc byte[NetlinkConstants.HeaderLength];
        header.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
        _bytes.AddRange(header);
        _bytes.AddRange(familyHeader);
        Pad();
    }

    public static int Align(int length) => (length + 3) & ~3;

    public NetlinkMessage Attribute(ushort type, ReadOnlySpan<byte> value)
    {
        Span<byte> rta = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(rta, (ushort)(4 + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(rta[2..], type);
        _bytes.AddRange(rta);
        _bytes.AddRange(value);
        Pad();
        return this;
    }

    public NetlinkMessage Attribute(ushort type, string value) => Attribute(type, Encoding.UTF8.GetBytes(value + "\0"));

    public NetlinkMessage Attribute(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(v, value);
        return Attribute(type, v);
    }

    /// <summary>The finished message with its length and sequence number filled in.</summary>
    public byte[] ToArray(uint sequence)
    {
        var bytes = _bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), sequence);
        return bytes;
    }

    private void Pad()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }

    /// <summary>Reads the rtattrs of a message body into (type, value) pairs; malformed tails are ignored.</summary>
    public static Dictionary<ushort, byte[]> ParseAttributes(ReadOnlySpan<byte> attributes)
    {
        var result = new Dictionary<ushort, byte[]>();
        var offset = 0;
        while (offset + 4 <= attributes.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes[offset..]);
            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[(offset + 2)..]) & 0x3FFF);
            if (length < 4 || offset + length > attributes.Length)
            {
                break;
            }
            result[type] = attributes.Slice(offset + 4, length - 4).ToArray();
            offset += Align(length);
        }
        return result;
    }

    public static string ReadString(byte[] value)
    {
        var end = Array.IndexOf(value, (byte)0);
        return Encoding.UTF8.GetString(value, 0, end < 0 ? value.Length : end);
    }
}
