using System.Buffers.Binary;
using HaAppliance.Capture;

namespace HaAppliance.Capture.Tests.Capture;

/// <summary>Finds tests/testdata/vrrp and writes capture files in the variants the reader must accept.</summary>
internal static class CaptureCorpus
{
    public static string Directory { get; } = FindDirectory();

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static List<PcapRecord> Read(string name)
    {
        PcapReader? reader = PcapReader.Open(PathOf(name), out string? error);
        Assert.That(reader, Is.Not.Null, error);
        List<PcapRecord> records = reader!.ReadAll().ToList();
        Assert.That(reader.Error, Is.Null);
        return records;
    }

    /// <summary>A classic pcap file with the given byte order, timestamp precision and link type.</summary>
    public static byte[] WriteClassic(IEnumerable<(long Seconds, uint Nanoseconds, byte[] Data)> records, PcapLinkType linkType, bool bigEndian = false, bool nanoseconds = false)
    {
        var output = new MemoryStream();
        void U32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            }

            output.Write(b);
        }

        void U16(ushort v)
        {
            Span<byte> b = stackalloc byte[2];
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            }

            output.Write(b);
        }

        U32(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
        U16(2);
        U16(4);
        U32(0);
        U32(0);
        U32(65535);
        U32((uint)linkType);
        foreach ((long seconds, uint nanos, byte[] data) in records)
        {
            U32((uint)seconds);
            U32(nanoseconds ? nanos : nanos / 1000);
            U32((uint)data.Length);
            U32((uint)data.Length);
            output.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>A pcapng file: one section in the given byte order, one interface with nanosecond resolution.</summary>
    public static byte[] WritePcapng(IEnumerable<(long Seconds, uint Nanoseconds, byte[] Data)> records, PcapLinkType linkType, bool bigEndian = false)
    {
        var output = new MemoryStream();
        void W32(Span<byte> b, uint v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            }
        }

        void W16(Span<byte> b, ushort v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b, v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            }
        }

        void Block(uint type, byte[] body)
        {
            int padded = (body.Length + 3) & ~3;
            uint length = (uint)(12 + padded);
            var b = new byte[length];
            W32(b, type);
            W32(b.AsSpan(4), length);
            body.CopyTo(b, 8);
            W32(b.AsSpan((int)length - 4), length);
            output.Write(b);
        }

        byte[] shb = new byte[16];
        W32(shb, 0x1A2B3C4D);
        W16(shb.AsSpan(4), 1);
        W32(shb.AsSpan(8), uint.MaxValue);
        W32(shb.AsSpan(12), uint.MaxValue);
        Block(0x0A0D0D0A, shb);

        byte[] idb = new byte[8 + 8 + 4];
        W16(idb, (ushort)linkType);
        W32(idb.AsSpan(4), 262144);
        W16(idb.AsSpan(8), 9); // if_tsresol
        W16(idb.AsSpan(10), 1);
        idb[12] = 9; // 10^-9
        Block(1, idb); // ends with opt_endofopt (zeros)

        foreach ((long seconds, uint nanos, byte[] data) in records)
        {
            ulong stamp = ((ulong)seconds * 1_000_000_000UL) + nanos;
            byte[] epb = new byte[20 + data.Length];
            W32(epb.AsSpan(4), (uint)(stamp >> 32));
            W32(epb.AsSpan(8), (uint)stamp);
            W32(epb.AsSpan(12), (uint)data.Length);
            W32(epb.AsSpan(16), (uint)data.Length);
            data.CopyTo(epb, 20);
            Block(6, epb);
        }

        return output.ToArray();
    }

    private static string FindDirectory()
    {
        for (DirectoryInfo? d = new(TestContext.CurrentContext.TestDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "testdata", "vrrp");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/testdata/vrrp not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
