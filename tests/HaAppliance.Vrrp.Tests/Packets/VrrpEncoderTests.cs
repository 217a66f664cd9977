using System.Net;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

public sealed class VrrpEncoderTests
{
    [TestCase(0)]
    [TestCase(4096)]
    public void Encode_V3IntervalOutside12Bits_Throws(int centiseconds)
    {
        Advertisement advert = TestPackets.V3V4("192.0.2.44") with { IntervalCentiseconds = centiseconds };
        Assert.That(() => VrrpEncoder.Encode(new byte[64], advert, TestPackets.V4Group), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(1)]
    [TestCase(4095)]
    public void Encode_V3IntervalAtBounds_RoundTrips(int centiseconds)
    {
        Advertisement advert = TestPackets.V3V6("fe80::46") with { IntervalCentiseconds = centiseconds };
        byte[] packet = TestPackets.Ip(advert);
        Assert.That(IpPacket.TryParse(packet, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(VrrpPacket.Decode(ip, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.None));
        Assert.That(p.IntervalCentiseconds, Is.EqualTo(centiseconds));
    }

    [TestCase(150)]
    [TestCase(0)]
    [TestCase(25600)]
    public void Encode_V2IntervalNotWholeSeconds1To255_Throws(int centiseconds)
    {
        Advertisement advert = TestPackets.V2("192.0.2.42") with { IntervalCentiseconds = centiseconds };
        Assert.That(() => VrrpEncoder.Encode(new byte[64], advert, TestPackets.V4Group), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Encode_V2OverIPv6_Throws()
    {
        var advert = new Advertisement(VrrpVersion.V2, 1, 100, 100, TestPackets.V6Source, [IPAddress.Parse("fe80::46")]);
        Assert.That(() => VrrpEncoder.Encode(new byte[64], advert, TestPackets.V6Group), Throws.ArgumentException);
    }

    [Test]
    public void Encode_PasswordLongerThan8Bytes_ThrowsWithItsLengthNotItsText()
    {
        // A secret never goes into an exception message: those end up in logs.
        var options = new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "toolongpw" };
        Assert.That(() => VrrpEncoder.Encode(new byte[64], TestPackets.V2("192.0.2.42"), TestPackets.V4Group, options),
            Throws.ArgumentException.With.Message.Contains("9 bytes").And.Message.Not.Contains("toolong"));
    }

    [Test]
    public void Encode_BufferTooSmall_Throws()
    {
        Assert.That(() => VrrpEncoder.Encode(new byte[19], TestPackets.V2("192.0.2.42"), TestPackets.V4Group), Throws.ArgumentException);
    }

    [Test]
    public void Encode_MixedFamilies_Throws()
    {
        Advertisement advert = TestPackets.V3V4("192.0.2.44", "2001:db8::1");
        Assert.That(() => VrrpEncoder.Encode(new byte[64], advert, TestPackets.V4Group), Throws.ArgumentException);
    }

    [Test]
    public void Encode_V2SimplePassword_WritesZeroPaddedAuthAndAuthType()
    {
        byte[] message = TestPackets.Message(TestPackets.V2("192.0.2.42"), new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "s3cret" });
        Assert.That(message, Has.Length.EqualTo(VrrpEncoder.GetLength(VrrpVersion.V2, IpFamily.IPv4, 1)));
        Assert.That(message[4], Is.EqualTo((byte)VrrpAuthType.SimplePassword));
        Assert.That(message[^8..], Is.EqualTo("s3cret\0\0"u8.ToArray()));
    }

    [Test]
    public void Encode_V3IPv4ModesDiffer_OnlyInChecksum()
    {
        Advertisement advert = TestPackets.V3V4("192.0.2.44");
        byte[] pseudo = TestPackets.Message(advert);
        byte[] plain = TestPackets.Message(advert, new VrrpEncodeOptions { V3ChecksumMode = VrrpV3ChecksumMode.MessageOnly });
        Assert.That(pseudo[..6], Is.EqualTo(plain[..6]));
        Assert.That(pseudo[8..], Is.EqualTo(plain[8..]));
        Assert.That(pseudo[6..8], Is.Not.EqualTo(plain[6..8]));
    }

    [Test]
    public void ToAdvertisement_AfterEncode_EqualsOriginalFields()
    {
        Advertisement advert = TestPackets.V3V6("fe80::46", "2001:db8::46", "2001:db8::47");
        byte[] packet = TestPackets.Ip(advert);
        Assert.That(IpPacket.TryParse(packet, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(VrrpPacket.Decode(ip, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.None));
        Advertisement back = p.ToAdvertisement(ip.GetSourceAddress());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(back.Version, Is.EqualTo(advert.Version));
            Assert.That(back.Vrid, Is.EqualTo(advert.Vrid));
            Assert.That(back.Priority, Is.EqualTo(advert.Priority));
            Assert.That(back.IntervalCentiseconds, Is.EqualTo(advert.IntervalCentiseconds));
            Assert.That(back.Source, Is.EqualTo(advert.Source));
            Assert.That(back.Addresses, Is.EqualTo(advert.Addresses));
        }
    }
}
