using System.Buffers.Binary;
using System.Text.RegularExpressions;
using HaAppliance.Capture;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Capture.Tests.Capture;

public sealed partial class VrrpCaptureFormatterTests
{
    [TestCase("vrrp.out", false)]
    [TestCase("vrrp-v.out", true)]
    public void TryFormat_TcpdumpCorpus_PrintsTcpdumpsLines(string expectedFile, bool verbose)
    {
        string expected = File.ReadAllText(CaptureCorpus.PathOf(expectedFile));
        Assert.That(FormatAll(CaptureCorpus.Read("vrrp.pcap"), verbose), Is.EqualTo(expected));
    }

    [Test]
    public void TryFormat_KeepalivedCorpus_PrintsExactlyTheVrrpFramesTsharkDecoded()
    {
        List<PcapRecord> records = CaptureCorpus.Read("keepalived-2.2.7.pcap");
        var formatted = new List<int>();
        foreach (PcapRecord record in records)
        {
            if (VrrpCaptureFormatter.TryFormat(record, verbose: true, out string line, out VrrpRejectReason reason))
            {
                Assert.That(reason, Is.EqualTo(VrrpRejectReason.None), line);
                Assert.That(line, Does.Not.EndWith("]"), line);
                formatted.Add(record.Number);
            }
        }

        List<int> tshark = TsharkVrrpFrame().Matches(File.ReadAllText(CaptureCorpus.PathOf("keepalived-2.2.7.tshark.txt")))
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(formatted, Is.EqualTo(tshark));
        Assert.That(formatted, Has.Count.LessThan(records.Count), "ARP and neighbour adverts are skipped");
    }

    private static IEnumerable<TestCaseData> LinkTypes()
    {
        // Each wraps the IP packet the way that link type carries it.
        yield return new TestCaseData(PcapLinkType.Raw, (Func<byte[], byte[]>)(ip => ip));
        yield return new TestCaseData(PcapLinkType.IPv4, (Func<byte[], byte[]>)(ip => ip));
        yield return new TestCaseData(PcapLinkType.LinuxSll, (Func<byte[], byte[]>)(ip => [0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 0, 1, 2, .. EtherType(ip), .. ip]));
        yield return new TestCaseData(PcapLinkType.LinuxSll2, (Func<byte[], byte[]>)(ip => [.. EtherType(ip), 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 0, 1, 2, .. ip]));
        yield return new TestCaseData(PcapLinkType.Null, (Func<byte[], byte[]>)(ip => [(byte)((ip[0] >> 4) == 4 ? 2 : 10), 0, 0, 0, .. ip]));
        yield return new TestCaseData(PcapLinkType.FrameRelay, (Func<byte[], byte[]>)(ip => [0x18, 0x41, 0x03, (byte)((ip[0] >> 4) == 4 ? 0xCC : 0x8E), .. ip]));
        yield return new TestCaseData(PcapLinkType.Ethernet, (Func<byte[], byte[]>)(ip => [1, 0, 0x5e, 0, 0, 0x12, 2, 0, 0, 0, 0, 1, 0x81, 0x00, 0x00, 0x05, .. EtherType(ip), .. ip])).SetArgDisplayNames("Ethernet802.1Q");
    }

    [TestCaseSource(nameof(LinkTypes))]
    public void TryFormat_OtherLinkTypes_SameLinesAsEthernet(PcapLinkType linkType, Func<byte[], byte[]> wrap)
    {
        List<PcapRecord> ethernet = CaptureCorpus.Read("vrrp.pcap");
        bool v4Only = linkType == PcapLinkType.IPv4;
        List<PcapRecord> selected = ethernet.Where(r => !v4Only || (r.Data.Span[14] >> 4) == 4).ToList();
        byte[] file = CaptureCorpus.WriteClassic(selected.Select(r => (r.Seconds, r.Nanoseconds, wrap(r.Data.Span[14..].ToArray()))), linkType);
        PcapReader? reader = PcapReader.FromBytes("linktype.pcap", file, out string? error);
        Assert.That(reader, Is.Not.Null, error);
        List<PcapRecord> rewrapped = reader!.ReadAll().ToList();

        // Frame numbers restart in the filtered file, so compare the text after the number.
        Assert.That(StripNumbers(FormatAll(rewrapped, true)), Is.EqualTo(StripNumbers(FormatAll(selected, true))));
        Assert.That(rewrapped, Has.Count.GreaterThan(50));
    }

    [Test]
    public void TryFormat_MalformedTcpdumpRegressions_RejectsEveryPacketWithAReason()
    {
        var reasons = new List<VrrpRejectReason>();
        foreach (string name in new[] { "vrrp-vrrp_print-oobr.pcap", "vrrp-vrrp_print-oobr-2.pcap" })
        {
            foreach (PcapRecord record in CaptureCorpus.Read(name))
            {
                Assert.That(VrrpCaptureFormatter.TryFormat(record, verbose: true, out string line, out VrrpRejectReason reason), Is.True, $"{name} #{record.Number}");
                Assert.That(reason, Is.Not.EqualTo(VrrpRejectReason.None), line);
                Assert.That(line, Does.EndWith($" [{VrrpCaptureFormatter.ReasonText(reason, TtlOf(record))}]"));
                reasons.Add(reason);

                // With the TTL check passed, each still fails on its real defect, never on the checksum of bytes it could not read.
                Assert.That(LinkLayer.TryGetIpPacket(record.LinkType, record.Data.Span, out ReadOnlySpan<byte> ipBytes), Is.True);
                Assert.That(IpPacket.TryParse(ipBytes, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
                VrrpRejectReason deeper = VrrpPacket.Decode(ip.Payload, ip.Family, ip.Source, ip.Destination, 255, ip.IsTruncated, out _);
                Assert.That(deeper, Is.AnyOf(VrrpRejectReason.Truncated, VrrpRejectReason.UnknownVersion, VrrpRejectReason.LengthMismatch), line);
            }
        }

        Assert.That(reasons, Has.Count.EqualTo(13));
        Assert.That(reasons, Does.Contain(VrrpRejectReason.TtlNot255).And.Contain(VrrpRejectReason.Truncated));
    }

    [Test]
    public void TryFormat_TtlAndChecksumDamage_PrintsTheReason()
    {
        PcapRecord good = CaptureCorpus.Read("vrrp.pcap")[0];
        byte[] ttl = good.Data.ToArray();
        ttl[14 + 8] = 254;
        Assert.That(VrrpCaptureFormatter.TryFormat(good with { Data = ttl }, false, out string line, out VrrpRejectReason reason), Is.True);
        Assert.That(reason, Is.EqualTo(VrrpRejectReason.TtlNot255));
        Assert.That(line, Does.EndWith("length 28 [ttl 254]"));

        byte[] sum = good.Data.ToArray();
        sum[14 + 20 + 2] ^= 0xFF; // priority
        Assert.That(VrrpCaptureFormatter.TryFormat(good with { Data = sum }, false, out line, out reason), Is.True);
        Assert.That(reason, Is.EqualTo(VrrpRejectReason.ChecksumMismatch));
        Assert.That(line, Does.EndWith(" [bad checksum]"));
    }

    [Test]
    public void TryFormat_NonIpOrNonVrrp_ReturnsFalse()
    {
        PcapRecord vrrp = CaptureCorpus.Read("vrrp.pcap")[0];
        byte[] arp = vrrp.Data.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(12), 0x0806);
        byte[] udp = vrrp.Data.ToArray();
        udp[14 + 9] = 17;
        Assert.That(VrrpCaptureFormatter.TryFormat(vrrp with { Data = arp }, false, out _, out _), Is.False);
        Assert.That(VrrpCaptureFormatter.TryFormat(vrrp with { Data = udp }, false, out _, out _), Is.False);
        Assert.That(VrrpCaptureFormatter.TryFormat(vrrp with { LinkType = (PcapLinkType)147 }, false, out _, out _), Is.False);
    }

    private static byte TtlOf(PcapRecord record)
    {
        LinkLayer.TryGetIpPacket(record.LinkType, record.Data.Span, out ReadOnlySpan<byte> ip);
        IpPacket.TryParse(ip, out IpPacket packet);
        return packet.Ttl;
    }

    private static byte[] EtherType(byte[] ip) => (ip[0] >> 4) == 4 ? [0x08, 0x00] : [0x86, 0xDD];

    private static string FormatAll(IEnumerable<PcapRecord> records, bool verbose)
    {
        var text = new System.Text.StringBuilder();
        foreach (PcapRecord record in records)
        {
            if (VrrpCaptureFormatter.TryFormat(record, verbose, out string line, out _))
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string StripNumbers(string text) => LineNumber().Replace(text, string.Empty);

    [GeneratedRegex(@"(?m)^\s*\d+  ")]
    private static partial Regex LineNumber();

    [GeneratedRegex(@"(?m)^Frame (\d+):")]
    private static partial Regex TsharkVrrpFrame();
}
