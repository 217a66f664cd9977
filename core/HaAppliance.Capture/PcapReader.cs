using System.Buffers.Binary;

namespace HaAppliance.Capture;

/// <summary>
/// A managed reader for capture files: classic pcap (both byte orders, microsecond and nanosecond magic)
/// and pcapng (section header, interface description, enhanced and simple packet blocks).
/// It never throws on a bad file: reading stops and <see cref="Error"/> names the file and the offset.
/// The file is read into memory whole; capture files this tool inspects are small.
/// </summary>
public sealed class PcapReader
{
    /// <summary>Largest record accepted regardless of the file's snap length (libpcap's limit for most link types).</summary>
    public const int MaxRecordLength = 262144;

    private const uint PcapMagicMicroseconds = 0xA1B2C3D4;
    private const uint PcapMagicNanoseconds = 0xA1B23C4D;
    private const uint PcapngSectionHeader = 0x0A0D0D0A;
    private const uint PcapngByteOrderMagic = 0x1A2B3C4D;

    private readonly byte[] data;
    private readonly List<PcapngInterface> interfaces = [];
    private long position;
    private bool bigEndian;
    private bool nanoseconds;
    private int number;

    private PcapReader(string fileName, byte[] data)
    {
        FileName = fileName;
        this.data = data;
    }

    /// <summary>The file name used in error messages.</summary>
    public string FileName { get; }

    /// <summary>True for pcapng, false for classic pcap.</summary>
    public bool IsPcapng { get; private set; }

    /// <summary>Classic pcap: the file's link type. pcapng: the first interface's, once read.</summary>
    public PcapLinkType LinkType { get; private set; }

    /// <summary>The file's snap length (classic pcap) or the first interface's (pcapng).</summary>
    public int SnapLength { get; private set; }

    /// <summary>Why reading stopped early; null while the file is good.</summary>
    public string? Error { get; private set; }

    /// <summary>Opens <paramref name="path"/>; on failure returns null and a message naming the file.</summary>
    public static PcapReader? Open(string path, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"{path}: cannot read: {e.Message}";
            return null;
        }

        return FromBytes(path, bytes, out error);
    }

    /// <summary>Reads a capture held in memory; <paramref name="fileName"/> names it in errors.</summary>
    public static PcapReader? FromBytes(string fileName, byte[] bytes, out string? error)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var reader = new PcapReader(fileName, bytes);
        error = reader.ReadFileHeader();
        return error is null ? reader : null;
    }

    /// <summary>Reads the next frame; false at the end of the file or when <see cref="Error"/> is set.</summary>
    public bool TryReadNext(out PcapRecord record)
    {
        record = default;
        if (Error is not null)
        {
            return false;
        }

        return IsPcapng ? TryReadBlock(out record) : TryReadClassic(out record);
    }

    /// <summary>Every frame; stops at the end or at the first error (then see <see cref="Error"/>).</summary>
    public IEnumerable<PcapRecord> ReadAll()
    {
        while (TryReadNext(out PcapRecord record))
        {
            yield return record;
        }
    }

    private string? ReadFileHeader()
    {
        if (data.Length < 4)
        {
            return Fail(0, $"file too short ({data.Length} bytes) for a capture header");
        }

        uint magicLe = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint magicBe = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (magicLe == PcapngSectionHeader)
        {
            IsPcapng = true;
            return null;
        }

        if (magicLe is PcapMagicMicroseconds or PcapMagicNanoseconds)
        {
            bigEndian = false;
            nanoseconds = magicLe == PcapMagicNanoseconds;
        }
        else if (magicBe is PcapMagicMicroseconds or PcapMagicNanoseconds)
        {
            bigEndian = true;
            nanoseconds = magicBe == PcapMagicNanoseconds;
        }
        else
        {
            return Fail(0, $"not a pcap or pcapng file (magic 0x{magicBe:x8})");
        }

        if (data.Length < 24)
        {
            return Fail(0, $"truncated pcap file header ({data.Length} of 24 bytes)");
        }

        SnapLength = (int)Math.Min(U32(16), int.MaxValue);
        LinkType = (PcapLinkType)(U32(20) & 0xFFFF);
        position = 24;
        return null;
    }

    private bool TryReadClassic(out PcapRecord record)
    {
        record = default;
        long offset = position;
        long left = data.Length - offset;
        if (left == 0)
        {
            return false;
        }

        if (left < 16)
        {
            Fail(offset, $"truncated record header ({left} of 16 bytes)");
            return false;
        }

        uint seconds = U32(offset);
        uint fraction = U32(offset + 4);
        uint captured = U32(offset + 8);
        uint original = U32(offset + 12);
        if (captured > Math.Max(MaxRecordLength, (uint)SnapLength))
        {
            Fail(offset, $"record length {captured} is larger than the snap length {SnapLength}");
            return false;
        }

        if (captured > left - 16)
        {
            Fail(offset, $"truncated record: {captured} bytes announced, {left - 16} present");
            return false;
        }

        if (fraction >= (nanoseconds ? 1_000_000_000u : 1_000_000u))
        {
            Fail(offset, $"record timestamp fraction {fraction} is out of range");
            return false;
        }

        position = offset + 16 + captured;
        record = new PcapRecord(
            ++number,
            offset,
            seconds,
            nanoseconds ? fraction : fraction * 1000,
            LinkType,
            data.AsMemory((int)(offset + 16), (int)captured),
            (int)Math.Min(original, int.MaxValue));
        return true;
    }

    private bool TryReadBlock(out PcapRecord record)
    {
        record = default;
        while (true)
        {
            long offset = position;
            long left = data.Length - offset;
            if (left == 0)
            {
                return false;
            }

            if (left < 12)
            {
                Fail(offset, $"truncated block header ({left} of 12 bytes)");
                return false;
            }

            uint type = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset));
            if (type == PcapngSectionHeader)
            {
                // Each section fixes its own byte order with the byte-order magic.
                uint magic = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset + 8));
                if (magic == PcapngByteOrderMagic)
                {
                    bigEndian = false;
                }
                else if (BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)offset + 8)) == PcapngByteOrderMagic)
                {
                    bigEndian = true;
                }
                else
                {
                    Fail(offset, $"bad pcapng byte-order magic 0x{magic:x8}");
                    return false;
                }

                interfaces.Clear();
            }
            else
            {
                type = U32(offset);
            }

            uint length = U32(offset + 4);
            if (length < 12 || length % 4 != 0 || length > left)
            {
                Fail(offset, $"bad pcapng block length {length} ({left} bytes left)");
                return false;
            }

            if (U32(offset + length - 4) != length)
            {
                Fail(offset, $"pcapng block trailer length {U32(offset + length - 4)} differs from {length}");
                return false;
            }

            position = offset + length;
            ReadOnlySpan<byte> body = data.AsSpan((int)offset + 8, (int)length - 12);
            switch (type)
            {
                case 1: // Interface Description Block
                    if (body.Length < 8)
                    {
                        Fail(offset, "truncated interface description block");
                        return false;
                    }

                    var iface = new PcapngInterface((PcapLinkType)U16(offset + 8), (int)Math.Min(U32(offset + 12), int.MaxValue), ReadTimestampResolution(offset + 16, body.Length - 8));
                    interfaces.Add(iface);
                    if (interfaces.Count == 1)
                    {
                        LinkType = iface.LinkType;
                        SnapLength = iface.SnapLength;
                    }

                    break;
                case 6: // Enhanced Packet Block
                    {
                        if (body.Length < 20)
                        {
                            Fail(offset, "truncated enhanced packet block");
                            return false;
                        }

                        uint id = U32(offset + 8);
                        if (id >= interfaces.Count)
                        {
                            Fail(offset, $"packet for undeclared interface {id}");
                            return false;
                        }

                        ulong stamp = ((ulong)U32(offset + 12) << 32) | U32(offset + 16);
                        uint captured = U32(offset + 20);
                        uint original = U32(offset + 24);
                        if (captured > body.Length - 20)
                        {
                            Fail(offset, $"enhanced packet block: {captured} bytes announced, {body.Length - 20} present");
                            return false;
                        }

                        PcapngInterface iface2 = interfaces[(int)id];
                        (long seconds, uint nanos) = iface2.ToTime(stamp);
                        record = new PcapRecord(++number, offset, seconds, nanos, iface2.LinkType, data.AsMemory((int)offset + 28, (int)captured), (int)Math.Min(original, int.MaxValue));
                        return true;
                    }

                case 3: // Simple Packet Block: no timestamp, interface 0
                    {
                        if (interfaces.Count == 0 || body.Length < 4)
                        {
                            Fail(offset, "simple packet block without an interface or too short");
                            return false;
                        }

                        uint original = U32(offset + 8);
                        int captured = (int)Math.Min(original, (uint)(body.Length - 4));
                        record = new PcapRecord(++number, offset, 0, 0, interfaces[0].LinkType, data.AsMemory((int)offset + 12, captured), (int)Math.Min(original, int.MaxValue));
                        return true;
                    }

                default:
                    // Section header, statistics, name resolution, custom: nothing to show.
                    break;
            }
        }
    }

    private byte ReadTimestampResolution(long offset, int length)
    {
        // Options: code (2), length (2), value padded to 4. if_tsresol is code 9; default 6 (microseconds).
        long end = offset + length;
        while (offset + 4 <= end)
        {
            ushort code = U16(offset);
            ushort size = U16(offset + 2);
            if (code == 0 || offset + 4 + size > end)
            {
                break;
            }

            if (code == 9 && size >= 1)
            {
                return data[offset + 4];
            }

            offset += 4 + ((size + 3) & ~3);
        }

        return 6;
    }

    private uint U32(long offset) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)offset, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset, 4));

    private ushort U16(long offset) => bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan((int)offset, 2))
        : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan((int)offset, 2));

    private string Fail(long offset, string message)
    {
        Error = $"{FileName}: offset {offset}: {message}";
        return Error;
    }
}
