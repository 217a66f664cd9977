using System.Net;
using BenchmarkDotNet.Attributes;
using HaAppliance.Vrrp;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Benchmarks;

/// <summary>
/// The VRRP codec's hot paths: receive (IP parse + decode + packet checks + per-router checks) and send.
/// Not sealed: BenchmarkDotNet derives from benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private byte[] packet = [];
    private byte[] buffer = new byte[512];
    private byte[] addressBlock = [];
    private byte[] source = [];
    private byte[] destination = [];
    private Advertisement advert = null!;
    private IPAddress group = null!;
    private VrrpExpectation expectation = null!;
    private VrrpEncodeOptions options = VrrpEncodeOptions.Default;
    private VrrpVersion version;
    private IpFamily family;

    /// <summary>v2 (simple password, 2 VIPs), v3 over IPv4 (1 VIP), v3 over IPv6 (2 VIPs): keepalived's test setup.</summary>
    [Params("v2", "v3-ipv4", "v3-ipv6")]
    public string Kind { get; set; } = "v2";

    [GlobalSetup]
    public void Setup()
    {
        (version, family, string src, string dst, string[] vips, int interval) = Kind switch
        {
            "v2" => (VrrpVersion.V2, IpFamily.IPv4, "192.0.2.1", "224.0.0.18", new[] { "192.0.2.42", "192.0.2.43" }, 100),
            "v3-ipv4" => (VrrpVersion.V3, IpFamily.IPv4, "192.0.2.1", "224.0.0.18", new[] { "192.0.2.44" }, 50),
            _ => (VrrpVersion.V3, IpFamily.IPv6, "fe80::1", "ff02::12", new[] { "fe80::46", "2001:db8::46" }, 100),
        };
        IPAddress[] addresses = vips.Select(IPAddress.Parse).ToArray();
        advert = new Advertisement(version, 42, 150, interval, IPAddress.Parse(src), addresses);
        group = IPAddress.Parse(dst);
        options = version == VrrpVersion.V2
            ? new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "s3cret" }
            : VrrpEncodeOptions.Default;
        expectation = new VrrpExpectation(version, addresses, interval, options.AuthType, options.Password);
        source = advert.Source.GetAddressBytes();
        destination = group.GetAddressBytes();
        addressBlock = addresses.SelectMany(a => a.GetAddressBytes()).ToArray();

        int length = VrrpEncoder.Encode(buffer, advert, group, options);
        int header = family == IpFamily.IPv6 ? 40 : 20;
        packet = new byte[header + length];
        if (family == IpFamily.IPv4)
        {
            packet[0] = 0x45;
            packet[2] = (byte)(packet.Length >> 8);
            packet[3] = (byte)packet.Length;
            packet[8] = 255;
            packet[9] = 112;
            source.CopyTo(packet, 12);
            destination.CopyTo(packet, 16);
        }
        else
        {
            packet[0] = 0x60;
            packet[4] = (byte)(length >> 8);
            packet[5] = (byte)length;
            packet[6] = 112;
            packet[7] = 255;
            source.CopyTo(packet, 8);
            destination.CopyTo(packet, 24);
        }

        buffer.AsSpan(0, length).CopyTo(packet.AsSpan(header));
        if (DecodeValidate() != VrrpRejectReason.None)
        {
            throw new InvalidOperationException($"benchmark packet for {Kind} does not validate");
        }
    }

    [Benchmark]
    public VrrpRejectReason DecodeValidate()
    {
        if (IpPacket.TryParse(packet, out IpPacket ip) != IpParseStatus.Ok)
        {
            return VrrpRejectReason.Truncated;
        }

        VrrpRejectReason reason = VrrpPacket.Decode(ip, out VrrpPacket p);
        return reason != VrrpRejectReason.None ? reason : p.Validate(expectation);
    }

    [Benchmark]
    public int EncodeFields()
        => VrrpEncoder.Encode(buffer, version, 42, 150, advert.IntervalCentiseconds, family, addressBlock, source, destination, options.AuthType, "s3cret\0\0"u8, VrrpV3ChecksumMode.PseudoHeader);

    [Benchmark]
    public int EncodeAdvertisement() => VrrpEncoder.Encode(buffer, advert, group, options);
}
