using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HaAppliance.Vrrp.Tests.Packets;

/// <summary>
/// Test-side access to tests/testdata/vrrp: a deliberately tiny classic-pcap/Ethernet reader (the product
/// reader lives in the kernel, which this project does not reference) and parsers for tcpdump's and tshark's text.
/// </summary>
internal static partial class TestCorpus
{
    public static string Directory { get; } = FindDirectory();

    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>(frame number, IP packet bytes) for every IPv4/IPv6 frame of an Ethernet pcap.</summary>
    public static List<(int Number, byte[] Ip)> ReadIpFrames(string name)
    {
        byte[] file = File.ReadAllBytes(PathOf(name));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file), Is.EqualTo(0xA1B2C3D4), "test corpus is little-endian microsecond pcap");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)), Is.EqualTo(1u), "test corpus is Ethernet");
        var frames = new List<(int, byte[])>();
        int offset = 24, number = 0;
        while (offset + 16 <= file.Length)
        {
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 8));
            ReadOnlySpan<byte> frame = file.AsSpan(offset + 16, captured);
            number++;
            offset += 16 + captured;
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
            if (type is 0x0800 or 0x86DD)
            {
                frames.Add((number, frame[14..].ToArray()));
            }
        }

        return frames;
    }

    /// <summary>One VRRP line of tcpdump -v output, joined when tcpdump split it over two lines.</summary>
    public sealed record TcpdumpLine(int Number, int Ttl, string Source, string Destination, int Version, int Vrid, int Priority, string? AuthType, int Interval, int Length, int Count, string[] Addresses, string? Password);

    public static List<TcpdumpLine> ReadTcpdumpVerbose(string name)
    {
        var joined = new List<string>();
        foreach (string line in File.ReadAllLines(PathOf(name)))
        {
            if (RecordStart().IsMatch(line))
            {
                joined.Add(line);
            }
            else
            {
                joined[^1] += " " + line.Trim();
            }
        }

        var result = new List<TcpdumpLine>();
        foreach (string line in joined)
        {
            Match m = VerboseVrrp().Match(line);
            Assert.That(m.Success, Is.True, $"unparsed tcpdump line: {line}");
            string[] addrs = m.Groups["addrs"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries);
            result.Add(new TcpdumpLine(
                Int(m, "num"),
                Int(m, "ttl"),
                m.Groups["src"].Value,
                m.Groups["dst"].Value,
                Int(m, "v"),
                Int(m, "vrid"),
                Int(m, "prio"),
                m.Groups["auth"].Success ? m.Groups["auth"].Value : null,
                Int(m, "intvl"),
                Int(m, "len"),
                m.Groups["n"].Success ? Int(m, "n") : addrs.Length,
                addrs,
                m.Groups["pw"].Success ? m.Groups["pw"].Value : null));
        }

        return result;
    }

    /// <summary>One VRRP frame of tshark -V output.</summary>
    public sealed record TsharkFrame(int Number, string Source, string Destination, int Ttl, int Version, int Vrid, int Priority, int Count, int? AuthType, int Interval, ushort Checksum, bool ChecksumGood, List<string> Addresses, string? Password);

    public static List<TsharkFrame> ReadTshark(string name)
    {
        var frames = new List<TsharkFrame>();
        string text = File.ReadAllText(PathOf(name));
        foreach (string block in FrameSplit().Split(text).Where(b => b.Contains("Virtual Router Redundancy Protocol", StringComparison.Ordinal)))
        {
            Match ip = Regex.Match(block, @"Internet Protocol Version \d, Src: (\S+), Dst: (\S+)");
            Match auth = Regex.Match(block, @"Auth Type: .*\((\d+)\)");
            Match pw = Regex.Match(block, @"Authentication String: (.*)");
            Match sum = Regex.Match(block, @"\n    Checksum: 0x([0-9a-f]{4}) \[(\w+)\]");
            frames.Add(new TsharkFrame(
                int.Parse(Regex.Match(block, @"^Frame (\d+):").Groups[1].Value, CultureInfo.InvariantCulture),
                ip.Groups[1].Value,
                ip.Groups[2].Value,
                int.Parse(Regex.Match(block, @"(?:Time to Live|Hop Limit): (\d+)").Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(Regex.Match(block, @"Version (\d), Packet type").Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(Regex.Match(block, @"Virtual Rtr ID: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(Regex.Match(block, @"Priority: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(Regex.Match(block, @"Addr Count: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture),
                auth.Success ? int.Parse(auth.Groups[1].Value, CultureInfo.InvariantCulture) : null,
                int.Parse(Regex.Match(block, @"Adver Int: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture),
                ushort.Parse(sum.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                sum.Groups[2].Value == "correct" && block.Contains("[Checksum Status: Good]", StringComparison.Ordinal),
                Regex.Matches(block, @"IP(?:v6)? Address: (\S+)").Select(x => x.Groups[1].Value).ToList(),
                pw.Success ? pw.Groups[1].Value.TrimEnd() : null));
        }

        return frames;
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

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

    [GeneratedRegex(@"^\s*\d+\s+\d{4}-\d\d-\d\d ")]
    private static partial Regex RecordStart();

    [GeneratedRegex(@"^\s*(?<num>\d+)\s+\S+ \S+ IP6? \((?:.*?)(?:ttl|hlim) (?<ttl>\d+),.*?\) (?<src>\S+) > (?<dst>\S+): VRRPv(?<v>\d), Advertisement, vrid (?<vrid>\d+), prio (?<prio>\d+)(?:, authtype (?<auth>\w+))?, intvl (?<intvl>\d+)c?s, length (?<len>\d+), addrs(?:\((?<n>\d+)\))?: (?<addrs>\S*)(?: auth ""(?<pw>[^""]*)"")?$")]
    private static partial Regex VerboseVrrp();

    [GeneratedRegex(@"\n(?=Frame \d+:)")]
    private static partial Regex FrameSplit();
}
