using System.Text.RegularExpressions;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Daemon;

/// <summary>Our adverts on the wire are valid for others: Wireshark's dissector decodes them with good checksums.</summary>
[NonParallelizable]
public sealed partial class WireTests
{
    [SetUp]
    public void SetUp()
    {
        Requires.NetworkNamespaces("the daemon's adverts are captured in a network namespace");
        Repo.RequireCli();
        Requires.Tool("tshark", "Wireshark's dissector checks our adverts (apt-get install tshark)");
    }

    [TestCase(2, false, true, "2", "192.0.2.100")]
    [TestCase(3, false, false, "3", "192.0.2.100")]
    [TestCase(3, true, false, "3", "2001:db8::100")]
    public void Adverts_DecodedByTshark_HaveGoodChecksumsAndOurFields(int version, bool ipv6, bool auth, string expectedVersion, string vip)
    {
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, version, ipv6, Unicast: false, auth));
        lab.Start("n1");
        lab.WaitForHolder("n1", "start");
        var pcap = Path.Combine(Path.GetTempPath(), $"haapp-wire-{Guid.NewGuid():N}.pcap");
        try
        {
            Shell.Run("ip", ["netns", "exec", lab.Client.Name, "tshark", "-q", "-i", "eth0", "-a", "duration:3", "-f", "ip proto 112 or ip6 proto 112", "-w", pcap], check: true);
            var decoded = Shell.Run("tshark", ["-r", pcap, "-V", "-Y", "vrrp"], check: true).StdOut;

            var frames = Regex.Matches(decoded, @"^Frame \d+:", RegexOptions.Multiline).Count;
            Assert.That(frames, Is.GreaterThanOrEqualTo(2), decoded);
            Assert.That(Regex.Matches(decoded, @"\[Checksum Status: Good\]").Count, Is.GreaterThanOrEqualTo(frames), decoded);
            Assert.That(decoded, Does.Not.Contain("[Checksum Status: Bad]"));
            Assert.That(decoded, Does.Contain($"VRRP protocol version: {expectedVersion}"));
            Assert.That(decoded, Does.Contain("Virtual Rtr ID: 51"));
            Assert.That(decoded, Does.Contain("Priority: 101"));
            Assert.That(decoded, Does.Contain(vip));
            if (auth)
            {
                Assert.That(decoded, Does.Contain("s3cret"));
            }
        }
        finally
        {
            File.Delete(pcap);
        }
    }
}
