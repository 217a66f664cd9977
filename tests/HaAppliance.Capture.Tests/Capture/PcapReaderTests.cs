using System.Globalization;
using HaAppliance.Capture;

namespace HaAppliance.Capture.Tests.Capture;

public sealed class PcapReaderTests
{
    [Test]
    public void ReadAll_TcpdumpCorpus_GivesTcpdumpsFrameNumbersAndTimestamps()
    {
        List<PcapRecord> records = CaptureCorpus.Read("vrrp.pcap");
        string[] lines = File.ReadAllLines(CaptureCorpus.PathOf("vrrp.out"));
        Assert.That(records, Has.Count.EqualTo(lines.Length));
        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(records[i].Number, Is.EqualTo(int.Parse(parts[0], CultureInfo.InvariantCulture)));
            Assert.That(records[i].Timestamp.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), Is.EqualTo(parts[1] + " " + parts[2]));
            Assert.That(records[i].LinkType, Is.EqualTo(PcapLinkType.Ethernet));
        }
    }

    private static IEnumerable<TestCaseData> Variants()
    {
        yield return new TestCaseData(true, false).SetArgDisplayNames("big-endian µs");
        yield return new TestCaseData(false, true).SetArgDisplayNames("little-endian ns");
        yield return new TestCaseData(true, true).SetArgDisplayNames("big-endian ns");
    }

    [TestCaseSource(nameof(Variants))]
    public void ReadAll_ByteOrderAndPrecisionVariants_SameRecords(bool bigEndian, bool nanoseconds)
    {
        List<PcapRecord> original = CaptureCorpus.Read("keepalived-2.2.7.pcap");
        byte[] file = CaptureCorpus.WriteClassic(original.Select(r => (r.Seconds, r.Nanoseconds, r.Data.ToArray())), PcapLinkType.Ethernet, bigEndian, nanoseconds);
        AssertSameRecords(file, original);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadAll_Pcapng_SameRecords(bool bigEndian)
    {
        List<PcapRecord> original = CaptureCorpus.Read("keepalived-2.2.7.pcap");
        byte[] file = CaptureCorpus.WritePcapng(original.Select(r => (r.Seconds, r.Nanoseconds, r.Data.ToArray())), PcapLinkType.Ethernet, bigEndian);
        PcapReader? reader = PcapReader.FromBytes("x.pcapng", file, out string? error);
        Assert.That(reader, Is.Not.Null, error);
        Assert.That(reader!.IsPcapng, Is.True);
        AssertSameRecords(file, original);
    }

    [TestCase(new byte[0], "offset 0")]
    [TestCase(new byte[] { 0xD4, 0xC3, 0xB2 }, "offset 0")]
    [TestCase(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "not a pcap or pcapng file")]
    [TestCase(new byte[] { 0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0 }, "truncated pcap file header")]
    public void FromBytes_BadHeader_ReturnsErrorNamingFileAndOffset(byte[] data, string expected)
    {
        PcapReader? reader = PcapReader.FromBytes("bad.pcap", data, out string? error);
        Assert.That(reader, Is.Null);
        Assert.That(error, Does.StartWith("bad.pcap: offset 0: ").And.Contain(expected));
    }

    [Test]
    public void TryReadNext_RecordCutShort_StopsWithErrorAtItsOffset()
    {
        byte[] file = File.ReadAllBytes(CaptureCorpus.PathOf("vrrp.pcap"));
        int firstLength = BitConverter.ToInt32(file, 24 + 8);
        int secondOffset = 24 + 16 + firstLength;
        PcapReader? reader = PcapReader.FromBytes("cut.pcap", file[..(secondOffset + 20)], out string? error);
        Assert.That(reader, Is.Not.Null, error);
        Assert.That(reader!.ReadAll().Count(), Is.EqualTo(1));
        Assert.That(reader.Error, Is.EqualTo($"cut.pcap: offset {secondOffset}: truncated record: {BitConverter.ToInt32(file, secondOffset + 8)} bytes announced, 4 present"));
    }

    [Test]
    public void TryReadNext_HugeRecordLength_StopsWithError()
    {
        byte[] file = File.ReadAllBytes(CaptureCorpus.PathOf("vrrp.pcap"));
        BitConverter.GetBytes(0x7FFF_0000).CopyTo(file, 24 + 8);
        PcapReader? reader = PcapReader.FromBytes("huge.pcap", file, out _);
        Assert.That(reader!.TryReadNext(out _), Is.False);
        Assert.That(reader.Error, Does.StartWith("huge.pcap: offset 24: record length"));
    }

    [Test]
    public void Open_MissingFile_ReturnsErrorNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ha-{Guid.NewGuid():N}.pcap");
        Assert.That(PcapReader.Open(path, out string? error), Is.Null);
        Assert.That(error, Does.StartWith(path + ": cannot read"));
    }

    [Test]
    public void ReadAndFormat_RandomlyDamagedFiles_NeverThrow()
    {
        byte[][] seeds =
        [
            File.ReadAllBytes(CaptureCorpus.PathOf("vrrp.pcap")),
            File.ReadAllBytes(CaptureCorpus.PathOf("keepalived-2.2.7.pcap")),
            CaptureCorpus.WritePcapng(CaptureCorpus.Read("keepalived-2.2.7.pcap").Select(r => (r.Seconds, r.Nanoseconds, r.Data.ToArray())), PcapLinkType.Ethernet),
        ];
        var random = new Random(2338);
        int errors = 0, lines = 0;
        for (int round = 0; round < 3000; round++)
        {
            byte[] file = seeds[random.Next(seeds.Length)].ToArray();
            for (int i = random.Next(1, 12); i > 0; i--)
            {
                file[random.Next(file.Length)] = (byte)random.Next(256);
            }

            file = file[..random.Next(file.Length / 2, file.Length + 1)];
            PcapReader? reader = PcapReader.FromBytes("fuzz.pcap", file, out string? error);
            if (reader is null)
            {
                Assert.That(error, Does.StartWith("fuzz.pcap: offset "));
                errors++;
                continue;
            }

            foreach (PcapRecord record in reader.ReadAll())
            {
                if (VrrpCaptureFormatter.TryFormat(record, verbose: round % 2 == 0, out _, out _))
                {
                    lines++;
                }
            }

            if (reader.Error is not null)
            {
                Assert.That(reader.Error, Does.StartWith("fuzz.pcap: offset "));
                errors++;
            }
        }

        Assert.That(errors, Is.GreaterThan(100));
        Assert.That(lines, Is.GreaterThan(1000));
    }

    private static void AssertSameRecords(byte[] file, List<PcapRecord> original)
    {
        PcapReader? reader = PcapReader.FromBytes("variant", file, out string? error);
        Assert.That(reader, Is.Not.Null, error);
        List<PcapRecord> copy = reader!.ReadAll().ToList();
        Assert.That(reader.Error, Is.Null);
        Assert.That(copy, Has.Count.EqualTo(original.Count));
        for (int i = 0; i < copy.Count; i++)
        {
            Assert.That(copy[i].Number, Is.EqualTo(original[i].Number));
            Assert.That(copy[i].Seconds, Is.EqualTo(original[i].Seconds));
            Assert.That(copy[i].Nanoseconds, Is.EqualTo(original[i].Nanoseconds));
            Assert.That(copy[i].LinkType, Is.EqualTo(PcapLinkType.Ethernet));
            Assert.That(copy[i].Data.ToArray(), Is.EqualTo(original[i].Data.ToArray()));
        }
    }
}
