using System.Net;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

/// <summary>The receive path (IP parse, decode, packet checks, per-router checks) must not allocate.</summary>
public sealed class VrrpPacketAllocationTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(
            TestPackets.Ip(TestPackets.V2("192.0.2.42", "192.0.2.43"), new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "s3cret" }),
            new VrrpExpectation(VrrpVersion.V2, [IPAddress.Parse("192.0.2.42"), IPAddress.Parse("192.0.2.43")], 100, VrrpAuthType.SimplePassword, "s3cret")).SetArgDisplayNames("v2");
        yield return new TestCaseData(
            TestPackets.Ip(TestPackets.V3V4("192.0.2.44")),
            new VrrpExpectation(VrrpVersion.V3, [IPAddress.Parse("192.0.2.44")])).SetArgDisplayNames("v3-ipv4");
        yield return new TestCaseData(
            TestPackets.Ip(TestPackets.V3V6("fe80::46", "2001:db8::46")),
            new VrrpExpectation(VrrpVersion.V3, [IPAddress.Parse("fe80::46"), IPAddress.Parse("2001:db8::46")])).SetArgDisplayNames("v3-ipv6");
    }

    [TestCaseSource(nameof(Cases))]
    public void DecodeAndValidate_Loop_AllocatesZeroBytes(byte[] packet, VrrpExpectation expectation)
    {
        int ok = Run(packet, expectation, 100); // warm up (JIT, tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        ok += Run(packet, expectation, 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(ok, Is.EqualTo(100_100));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void EncodeFields_Loop_AllocatesZeroBytes()
    {
        byte[] buffer = new byte[64];
        byte[] addresses = [192, 0, 2, 44];
        byte[] source = [192, 0, 2, 1];
        byte[] group = [224, 0, 0, 18];
        int total = 0;
        for (int i = 0; i < 100; i++)
        {
            total += VrrpEncoder.Encode(buffer, VrrpVersion.V3, 44, 120, 50, IpFamily.IPv4, addresses, source, group);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            total += VrrpEncoder.Encode(buffer, VrrpVersion.V3, 44, 120, 50, IpFamily.IPv4, addresses, source, group);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(total, Is.EqualTo(100_100 * 12));
    }

    private static int Run(byte[] packet, VrrpExpectation expectation, int count)
    {
        int ok = 0;
        for (int i = 0; i < count; i++)
        {
            if (IpPacket.TryParse(packet, out IpPacket ip) == IpParseStatus.Ok
                && VrrpPacket.Decode(ip, out VrrpPacket p) == VrrpRejectReason.None
                && p.Validate(expectation) == VrrpRejectReason.None)
            {
                ok++;
            }
        }

        return ok;
    }
}
