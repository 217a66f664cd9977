using System.Net;
using System.Text;
using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

/// <summary>Real captures: tcpdump's VRRP test pcap and keepalived 2.2.7's adverts, compared field by field with tcpdump and tshark.</summary>
public sealed class VrrpPacketCorpusTests
{
    [Test]
    public void Decode_TcpdumpCorpus_MatchesTcpdumpVerboseFields()
    {
        List<(int Number, byte[] Ip)> frames = TestCorpus.ReadIpFrames("vrrp.pcap");
        Dictionary<int, TestCorpus.TcpdumpLine> expected = TestCorpus.ReadTcpdumpVerbose("vrrp-v.out").ToDictionary(l => l.Number);
        Assert.That(frames, Has.Count.EqualTo(expected.Count));
        Assert.That(expected, Has.Count.GreaterThan(100));

        foreach ((int number, byte[] bytes) in frames)
        {
            TestCorpus.TcpdumpLine want = expected[number];
            Assert.That(IpPacket.TryParse(bytes, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
            VrrpRejectReason reason = VrrpPacket.Decode(ip, out VrrpPacket p);
            string where = $"frame {number}";
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reason, Is.EqualTo(VrrpRejectReason.None), where);
                Assert.That(ip.Ttl, Is.EqualTo(want.Ttl), where);
                Assert.That(ip.GetSourceAddress().ToString(), Is.EqualTo(want.Source), where);
                Assert.That(ip.GetDestinationAddress().ToString(), Is.EqualTo(want.Destination), where);
                Assert.That((int)p.Version, Is.EqualTo(want.Version), where);
                Assert.That((int)p.Vrid, Is.EqualTo(want.Vrid), where);
                Assert.That((int)p.Priority, Is.EqualTo(want.Priority), where);
                Assert.That(p.AdvertInterval, Is.EqualTo(want.Interval), where);
                Assert.That(p.Message.Length, Is.EqualTo(want.Length), where);
                Assert.That((int)p.AddressCount, Is.EqualTo(want.Count), where);
                Assert.That(AddressStrings(p), Is.EqualTo(want.Addresses), where);
                if (want.Version == 2)
                {
                    Assert.That(p.AuthType, Is.EqualTo(want.AuthType == "simple" ? VrrpAuthType.SimplePassword : VrrpAuthType.None), where);
                    Assert.That(want.Password is null ? null : Encoding.ASCII.GetString(p.Password), Is.EqualTo(want.Password), where);
                }
            }
        }
    }

    [Test]
    public void Decode_KeepalivedCorpus_MatchesTsharkFieldsAndChecksumStatus()
    {
        Dictionary<int, byte[]> frames = TestCorpus.ReadIpFrames("keepalived-2.2.7.pcap").ToDictionary(f => f.Number, f => f.Ip);
        List<TestCorpus.TsharkFrame> expected = TestCorpus.ReadTshark("keepalived-2.2.7.tshark.txt");
        Assert.That(expected, Has.Count.EqualTo(32));
        Assert.That(expected.Select(f => f.Version).Distinct(), Is.EquivalentTo(new[] { 2, 3 }));

        foreach (TestCorpus.TsharkFrame want in expected)
        {
            Assert.That(IpPacket.TryParse(frames[want.Number], out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
            Assert.That(ip.Protocol, Is.EqualTo(IpPacket.VrrpProtocol));
            VrrpRejectReason reason = VrrpPacket.Decode(ip, out VrrpPacket p);
            string where = $"frame {want.Number}";
            using (Assert.EnterMultipleScope())
            {
                Assert.That(reason, Is.EqualTo(VrrpRejectReason.None), where);
                Assert.That(want.ChecksumGood, Is.True, where);
                Assert.That(p.Checksum, Is.EqualTo(want.Checksum), where);

                // Wireshark verifies v3 with the pseudo-header (IPv4 too); v2 is over the message only.
                Assert.That(p.ChecksumForm, Is.EqualTo(want.Version == 2 ? VrrpChecksumForm.MessageOnly : VrrpChecksumForm.PseudoHeader), where);
                Assert.That(ip.GetSourceAddress(), Is.EqualTo(IPAddress.Parse(want.Source)), where);
                Assert.That(ip.GetDestinationAddress(), Is.EqualTo(IPAddress.Parse(want.Destination)), where);
                Assert.That((int)ip.Ttl, Is.EqualTo(want.Ttl), where);
                Assert.That((int)p.Version, Is.EqualTo(want.Version), where);
                Assert.That((int)p.Vrid, Is.EqualTo(want.Vrid), where);
                Assert.That((int)p.Priority, Is.EqualTo(want.Priority), where);
                Assert.That((int)p.AddressCount, Is.EqualTo(want.Count), where);
                Assert.That(p.AdvertInterval, Is.EqualTo(want.Interval), where);
                Assert.That(AddressStrings(p).Select(IPAddress.Parse), Is.EqualTo(want.Addresses.Select(IPAddress.Parse)), where);
                if (want.Version == 2)
                {
                    Assert.That((int)p.AuthType, Is.EqualTo(want.AuthType), where);
                    Assert.That(want.Password is null ? null : Encoding.ASCII.GetString(p.Password), Is.EqualTo(want.Password), where);
                }
            }
        }
    }

    [TestCase("vrrp.pcap")]
    [TestCase("keepalived-2.2.7.pcap")]
    public void Encode_EveryCorpusAdvert_ReproducesOriginalBytes(string file)
    {
        int checkedCount = 0;
        foreach ((int number, byte[] bytes) in TestCorpus.ReadIpFrames(file))
        {
            Assert.That(IpPacket.TryParse(bytes, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
            if (ip.Protocol != IpPacket.VrrpProtocol)
            {
                continue;
            }

            Assert.That(VrrpPacket.Decode(ip, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.None), $"frame {number}");
            Advertisement advert = p.ToAdvertisement(ip.GetSourceAddress());
            var options = new VrrpEncodeOptions
            {
                AuthType = p.AuthType,
                Password = p.AuthType == VrrpAuthType.SimplePassword ? Encoding.UTF8.GetString(p.Password) : null,
                V3ChecksumMode = p.ChecksumForm == VrrpChecksumForm.PseudoHeader ? VrrpV3ChecksumMode.PseudoHeader : VrrpV3ChecksumMode.MessageOnly,
            };
            var buffer = new byte[600];
            int written = VrrpEncoder.Encode(buffer, advert, ip.GetDestinationAddress(), options);
            Assert.That(buffer[..written], Is.EqualTo(ip.Payload.ToArray()), $"frame {number} via Advertisement");

            var explicitBuffer = new byte[600];
            written = VrrpEncoder.Encode(explicitBuffer, p.Version, p.Vrid, p.Priority, p.IntervalCentiseconds, ip.Family, p.AddressBlock, ip.Source, ip.Destination, p.AuthType, p.AuthData, options.V3ChecksumMode);
            Assert.That(explicitBuffer[..written], Is.EqualTo(ip.Payload.ToArray()), $"frame {number} via fields");
            checkedCount++;
        }

        Assert.That(checkedCount, Is.GreaterThan(30));
    }

    [Test]
    public void ToAdvertisement_V2Corpus_ConvertsSecondsToCentiseconds()
    {
        (int _, byte[] bytes) = TestCorpus.ReadIpFrames("vrrp.pcap")[0];
        Assert.That(IpPacket.TryParse(bytes, out IpPacket ip), Is.EqualTo(IpParseStatus.Ok));
        Assert.That(VrrpPacket.Decode(ip, out VrrpPacket p), Is.EqualTo(VrrpRejectReason.None));
        Advertisement advert = p.ToAdvertisement(ip.GetSourceAddress());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(advert.Version, Is.EqualTo(VrrpVersion.V2));
            Assert.That(advert.IntervalCentiseconds, Is.EqualTo(p.AdvertInterval * 100));
            Assert.That(advert.Source, Is.EqualTo(ip.GetSourceAddress()));
            Assert.That(advert.Addresses, Has.Count.EqualTo(p.AddressCount));
            Assert.That(advert.Family, Is.EqualTo(IpFamily.IPv4));
        }
    }

    private static List<string> AddressStrings(VrrpPacket p)
    {
        var list = new List<string>();
        for (int i = 0; i < p.AddressCount; i++)
        {
            list.Add(p.GetAddress(i).ToString());
        }

        return list;
    }
}
