using System.Net;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

/// <summary>RFC 3768 §7.1 / RFC 9568 §7.1 receive checks, one reason code each.</summary>
public sealed class VrrpPacketValidationTests
{
    private static IEnumerable<TestCaseData> ValidAdverts()
    {
        yield return new TestCaseData(TestPackets.V2("192.0.2.42", "192.0.2.43")).SetArgDisplayNames("v2");
        yield return new TestCaseData(TestPackets.V3V4("192.0.2.44")).SetArgDisplayNames("v3-ipv4");
        yield return new TestCaseData(TestPackets.V3V6("fe80::46", "2001:db8::46")).SetArgDisplayNames("v3-ipv6");
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_EncodedAdvert_IsAccepted(Advertisement advert)
    {
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert)), Is.EqualTo(VrrpRejectReason.None));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_TtlNot255_RejectsTtlNot255(Advertisement advert)
    {
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert, ttl: 254)), Is.EqualTo(VrrpRejectReason.TtlNot255));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_FlippedByte_RejectsChecksumMismatch(Advertisement advert)
    {
        byte[] message = TestPackets.Message(advert);
        message[2] ^= 0x01; // priority
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.ChecksumMismatch));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_UnknownVersion_RejectsUnknownVersion(Advertisement advert)
    {
        byte[] message = TestPackets.Message(advert);
        message[0] = (byte)(0x40 | (message[0] & 0x0F));
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.UnknownVersion));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_TypeNotAdvertisement_RejectsUnknownType(Advertisement advert)
    {
        byte[] message = TestPackets.Message(advert);
        message[0] = (byte)((message[0] & 0xF0) | 2);
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.UnknownType));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_CountDisagreesWithLength_RejectsLengthMismatch(Advertisement advert)
    {
        byte[] message = TestPackets.Message(advert);
        message[3]++;
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.LengthMismatch));
        message[3] -= 2;
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.LengthMismatch));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_IpTotalLengthBeyondCapture_RejectsTruncated(Advertisement advert)
    {
        byte[] packet = TestPackets.Ip(advert);
        Assert.That(TestPackets.Decode(packet[..^4]), Is.EqualTo(VrrpRejectReason.Truncated));
    }

    [TestCaseSource(nameof(ValidAdverts))]
    public void Decode_VridZero_RejectsVridZero(Advertisement advert)
    {
        byte[] message = TestPackets.Message(advert);
        message[1] = 0;
        TestPackets.FixChecksum(message, advert.Family, pseudoHeader: advert.Version == VrrpVersion.V3);
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.VridZero));
    }

    [Test]
    public void Decode_V3IntervalZero_RejectsIntervalZero()
    {
        Advertisement advert = TestPackets.V3V4("192.0.2.44");
        byte[] message = TestPackets.Message(advert);
        message[4] = 0;
        message[5] = 0;
        TestPackets.FixChecksum(message, advert.Family, pseudoHeader: true);
        Assert.That(TestPackets.Decode(TestPackets.Ip(advert.Family, message)), Is.EqualTo(VrrpRejectReason.IntervalZero));
    }

    [Test]
    public void Decode_V2OverIPv6_RejectsUnknownVersion()
    {
        byte[] message = TestPackets.Message(TestPackets.V2("192.0.2.42", "192.0.2.43", "192.0.2.44", "192.0.2.45"));
        Assert.That(TestPackets.Decode(TestPackets.Ip(IpFamily.IPv6, message)), Is.EqualTo(VrrpRejectReason.UnknownVersion));
    }

    [TestCase(VrrpV3ChecksumMode.PseudoHeader, VrrpChecksumForm.PseudoHeader)]
    [TestCase(VrrpV3ChecksumMode.MessageOnly, VrrpChecksumForm.MessageOnly)]
    public void Decode_V3IPv4EitherChecksumForm_IsAcceptedAndReported(VrrpV3ChecksumMode mode, VrrpChecksumForm form)
    {
        byte[] packet = TestPackets.Ip(TestPackets.V3V4("192.0.2.44", "192.0.2.45"), new VrrpEncodeOptions { V3ChecksumMode = mode });
        Assert.That(IpPacket.TryParse(packet, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(VrrpPacket.Decode(ip, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.None));
        Assert.That(p.ChecksumForm, Is.EqualTo(form));
    }

    [Test]
    public void Decode_V3IPv6MessageOnlyChecksum_RejectsChecksumMismatch()
    {
        // IPv6 has one form only: the upper-layer checksum always covers the pseudo-header (RFC 8200 §8.1).
        Advertisement advert = TestPackets.V3V6("fe80::46");
        byte[] message = TestPackets.Message(advert);
        TestPackets.FixChecksum(message, IpFamily.IPv6, pseudoHeader: false);
        Assert.That(TestPackets.Decode(TestPackets.Ip(IpFamily.IPv6, message)), Is.EqualTo(VrrpRejectReason.ChecksumMismatch));
    }

    [Test]
    public void Decode_V3IPv4PseudoHeaderWithOtherSource_RejectsChecksumMismatch()
    {
        // The pseudo-header binds the checksum to the addresses: the same bytes from another source fail.
        byte[] message = TestPackets.Message(TestPackets.V3V4("192.0.2.44"));
        byte[] packet = TestPackets.Ip(IpFamily.IPv4, message, source: IPAddress.Parse("192.0.2.9"));
        Assert.That(TestPackets.Decode(packet), Is.EqualTo(VrrpRejectReason.ChecksumMismatch));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(7)]
    public void Decode_ShorterThanHeader_RejectsTruncated(int length)
    {
        byte[] message = TestPackets.Message(TestPackets.V3V4("192.0.2.44"))[..length];
        Assert.That(VrrpPacket.Decode(message, IpFamily.IPv4, default, default, 255, false, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.Truncated));
        Assert.That(p.HasHeader, Is.False);
    }

    [Test]
    public void Validate_MatchingV2Router_Accepts()
    {
        byte[] packet = TestPackets.Ip(TestPackets.V2("192.0.2.42", "192.0.2.43"), new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "s3cret" });
        var expectation = new VrrpExpectation(VrrpVersion.V2, [IPAddress.Parse("192.0.2.43"), IPAddress.Parse("192.0.2.42")], 100, VrrpAuthType.SimplePassword, "s3cret");
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.None), "address order is not significant");
    }

    [Test]
    public void For_RouterOptions_ExpectsTheirVersionAddressesAndInterval()
    {
        var options = new HaAppliance.Vrrp.Router.RouterOptions
        {
            Name = "VI_1",
            Vrid = 42,
            Version = VrrpVersion.V2,
            Priority = 100,
            AdvertIntervalCentiseconds = 100,
            PrimaryAddress = TestPackets.V4Source,
            VirtualAddresses = [IPAddress.Parse("192.0.2.42"), IPAddress.Parse("192.0.2.43")],
        };
        byte[] packet = TestPackets.Ip(TestPackets.V2("192.0.2.42", "192.0.2.43"));
        Assert.That(ValidateFor(packet, VrrpExpectation.For(options)), Is.EqualTo(VrrpRejectReason.None));
        Assert.That(ValidateFor(packet, VrrpExpectation.For(options with { AdvertIntervalCentiseconds = 300 })), Is.EqualTo(VrrpRejectReason.IntervalMismatch));
        Assert.That(ValidateFor(packet, VrrpExpectation.For(options, VrrpAuthType.SimplePassword, "s3cret")), Is.EqualTo(VrrpRejectReason.AuthTypeMismatch));
    }

    [Test]
    public void Validate_V2AuthTypeDiffers_RejectsAuthTypeMismatch()
    {
        byte[] packet = TestPackets.Ip(TestPackets.V2("192.0.2.42"));
        var expectation = new VrrpExpectation(VrrpVersion.V2, [IPAddress.Parse("192.0.2.42")], 100, VrrpAuthType.SimplePassword, "s3cret");
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.AuthTypeMismatch));
    }

    [Test]
    public void Validate_V2PasswordDiffers_RejectsPasswordMismatch()
    {
        byte[] packet = TestPackets.Ip(TestPackets.V2("192.0.2.42"), new VrrpEncodeOptions { AuthType = VrrpAuthType.SimplePassword, Password = "s3cret" });
        var expectation = new VrrpExpectation(VrrpVersion.V2, [IPAddress.Parse("192.0.2.42")], 100, VrrpAuthType.SimplePassword, "s3cret2");
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.PasswordMismatch));
    }

    [Test]
    public void Validate_V2IntervalDiffers_RejectsIntervalMismatch()
    {
        byte[] packet = TestPackets.Ip(TestPackets.V2("192.0.2.42"));
        var expectation = new VrrpExpectation(VrrpVersion.V2, [IPAddress.Parse("192.0.2.42")], 200);
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.IntervalMismatch));
    }

    [Test]
    public void Validate_V3IntervalDiffers_Accepts()
    {
        // v3 backups learn the master's interval (RFC 9568 §6.4.2) instead of discarding.
        byte[] packet = TestPackets.Ip(TestPackets.V3V4("192.0.2.44"));
        var expectation = new VrrpExpectation(VrrpVersion.V3, [IPAddress.Parse("192.0.2.44")], 100);
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.None));
    }

    [Test]
    public void Validate_V3WithConfiguredPassword_IgnoresAuth()
    {
        byte[] packet = TestPackets.Ip(TestPackets.V3V6("fe80::46"));
        var expectation = new VrrpExpectation(VrrpVersion.V3, [IPAddress.Parse("fe80::46")], 100, VrrpAuthType.SimplePassword, "s3cret");
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.None));
    }

    [TestCase("192.0.2.42,192.0.2.99")]
    [TestCase("192.0.2.42")]
    [TestCase("192.0.2.42,192.0.2.43,192.0.2.44")]
    public void Validate_AddressListDiffers_RejectsAddressListMismatch(string configured)
    {
        byte[] packet = TestPackets.Ip(TestPackets.V3V4("192.0.2.42", "192.0.2.43"));
        var expectation = new VrrpExpectation(VrrpVersion.V3, configured.Split(',').Select(IPAddress.Parse).ToArray());
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.AddressListMismatch));
    }

    [Test]
    public void Validate_OtherVersion_RejectsVersionMismatch()
    {
        byte[] packet = TestPackets.Ip(TestPackets.V3V4("192.0.2.42"));
        var expectation = new VrrpExpectation(VrrpVersion.V2, [IPAddress.Parse("192.0.2.42")], 50);
        Assert.That(ValidateFor(packet, expectation), Is.EqualTo(VrrpRejectReason.VersionMismatch));
    }

    [Test]
    public void ToText_EveryReason_HasDistinctText()
    {
        VrrpRejectReason[] all = Enum.GetValues<VrrpRejectReason>();
        Assert.That(all.Select(r => r.ToText()).Distinct().Count(), Is.EqualTo(all.Length));
        Assert.That(VrrpRejectReason.ChecksumMismatch.ToText(), Is.EqualTo("bad checksum"));
    }

    private static VrrpRejectReason ValidateFor(byte[] packet, VrrpExpectation expectation)
    {
        Assert.That(IpPacket.TryParse(packet, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(VrrpPacket.Decode(ip, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.None));
        return p.Validate(expectation);
    }
}
