using HaAppliance.Capture;

namespace HaAppliance.Cli.Tests;

/// <summary>A live libpcap handle reports DLT_ values; the formatter's link-layer code speaks the files' LINKTYPE_ values.</summary>
public sealed class CaptureLinkTypeTests
{
    [TestCase(0, PcapLinkType.Null)]
    [TestCase(1, PcapLinkType.Ethernet)]
    [TestCase(12, PcapLinkType.Raw)]
    [TestCase(14, PcapLinkType.Raw)]
    [TestCase(113, PcapLinkType.LinuxSll)]
    [TestCase(276, PcapLinkType.LinuxSll2)]
    public void ToLinkType_LiveDlt_MapsToTheFileLinkType(int dlt, PcapLinkType expected) =>
        Assert.That(LiveCapture.ToLinkType(dlt), Is.EqualTo(expected));

    [Test]
    public void ToLinkType_RawDlt_FramesDecodeAsIp()
    {
        // A minimal IPv4 header: version 4 in the first nibble is what the raw link type relies on.
        byte[] frame = [0x45, 0, 0, 20, 0, 0, 0, 0, 255, 112, 0, 0, 192, 0, 2, 1, 224, 0, 0, 18];
        Assert.That(LinkLayer.TryGetIpPacket(LiveCapture.ToLinkType(12), frame, out var ip), Is.True);
        Assert.That(ip.Length, Is.EqualTo(20));
    }
}
