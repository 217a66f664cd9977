using HaAppliance.Vrrp.Packets;

namespace HaAppliance.Vrrp.Tests.Packets;

/// <summary>Hostile input: random mutations and truncations of valid packets never throw, and what passes is self-consistent.</summary>
public sealed class VrrpPacketFuzzTests
{
    private static List<byte[]> Seeds()
    {
        var seeds = TestCorpus.ReadIpFrames("vrrp.pcap").Select(f => f.Ip).Take(20).ToList();
        seeds.AddRange(TestCorpus.ReadIpFrames("keepalived-2.2.7.pcap").Select(f => f.Ip));
        return seeds;
    }

    [Test]
    public void Decode_RandomMutationsAndTruncations_NeverThrowAndAcceptOnlyConsistentPackets()
    {
        var random = new Random(5798);
        List<byte[]> seeds = Seeds();
        int accepted = 0, rejected = 0;
        for (int round = 0; round < 200_000; round++)
        {
            byte[] seed = seeds[random.Next(seeds.Count)];
            byte[] data = seed.ToArray();
            int flips = random.Next(0, 4);
            for (int i = 0; i < flips; i++)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            int length = random.Next(4) == 0 ? random.Next(data.Length + 1) : data.Length;
            ReadOnlySpan<byte> span = data.AsSpan(0, length);
            if (IpPacket.TryParse(span, out IpPacket ip) != IpParseStatus.Ok)
            {
                rejected++;
                continue;
            }

            VrrpRejectReason reason = VrrpPacket.Decode(ip, out VrrpPacket p);
            if (reason == VrrpRejectReason.None)
            {
                accepted++;
                Assert.That(p.Message.Length, Is.EqualTo(p.ExpectedLength));
                Assert.That(p.AddressBlock.Length, Is.EqualTo(p.AddressCount * p.AddressSize));
                Assert.That(p.ChecksumForm, Is.Not.EqualTo(VrrpChecksumForm.Unverified));
                Assert.That(p.ToAdvertisement(ip.GetSourceAddress()).Addresses, Has.Count.EqualTo(p.AddressCount));
            }
            else
            {
                rejected++;
            }
        }

        // Both outcomes occur, so the loop exercised the accept path and the reject paths.
        Assert.That(accepted, Is.GreaterThan(1000));
        Assert.That(rejected, Is.GreaterThan(1000));
    }

    [Test]
    public void Decode_RandomBytesAsAnyFamily_NeverThrow()
    {
        var random = new Random(3768);
        var buffer = new byte[600];
        var outcomes = new Dictionary<VrrpRejectReason, int>();
        var ipStatuses = new HashSet<IpParseStatus>();
        for (int round = 0; round < 100_000; round++)
        {
            int length = random.Next(buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            IpFamily family = random.Next(2) == 0 ? IpFamily.IPv4 : IpFamily.IPv6;
            int size = family == IpFamily.IPv6 ? 16 : 4;
            ReadOnlySpan<byte> message = buffer.AsSpan(0, length);
            var reason = VrrpPacket.Decode(message, family, message[..Math.Min(size, length)], default, (byte)random.Next(254, 256), random.Next(2) == 0, out VrrpPacket p);
            _ = p.Password;
            _ = p.ExpectedLength;
            outcomes[reason] = outcomes.GetValueOrDefault(reason) + 1;
            ipStatuses.Add(IpPacket.TryParse(message, out _));
        }

        // Every input got an answer, and the inputs reached several of the decoder's reject paths, not just the first.
        Assert.That(outcomes.Values.Sum(), Is.EqualTo(100_000));
        TestContext.Out.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")) + $"; IP parse outcomes {string.Join(", ", ipStatuses)}");
        Assert.That(outcomes.Keys, Has.Count.GreaterThanOrEqualTo(4), string.Join(", ", outcomes.Keys));
        Assert.That(ipStatuses, Has.Count.GreaterThanOrEqualTo(2), string.Join(", ", ipStatuses));
    }
}
