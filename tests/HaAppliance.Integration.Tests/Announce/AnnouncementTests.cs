using System.Diagnostics;
using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Linux.Announce;
using HaAppliance.Config;
using HaAppliance.Plugins.Netlink;

namespace HaAppliance.Integration.Tests.Announce;

/// <summary>
/// End to end: the announcer takes the VIPs (netlink backend), the scheduler sends GARP / NA through libpcap, and a
/// client on the same bridge moves its neighbour entry for each VIP to the announcer's MAC.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AnnouncementTests
{
    private const string StaleMac = "02:00:00:00:00:99";
    private NetworkLab _lab = null!;
    private NetNamespace _announcer = null!;
    private NetNamespace _client = null!;

    [SetUp]
    public void CreateLan()
    {
        Requires.NetworkNamespaces("gratuitous ARP and NA are sent between network namespaces");
        try
        {
            _lab = NetworkLab.Create();
            _announcer = _lab.AddHost("m", "10.99.1.1/24", "fd00:98::1/64");
            _client = _lab.AddHost("c", "10.99.1.3/24", "fd00:98::3/64");
            // The client takes gratuitous ARP (arp_accept) and has no lock time, so the update is immediate.
            _client.Exec("sysctl", "-qw", "net.ipv4.conf.all.arp_accept=1");
            _client.Exec("sysctl", "-qw", "net.ipv4.conf.eth0.arp_accept=1");
            _client.Exec("sysctl", "-qw", "net.ipv4.neigh.eth0.locktime=0");
        }
        catch
        {
            // NUnit skips TearDown when SetUp throws: clean up here.
            DeleteLan();
            throw;
        }
    }

    [TearDown]
    public void DeleteLan() => _lab?.Dispose();

    private string ClientNeighbour(string address) => _client.Exec("ip", "neigh", "show", address, "dev", "eth0").Trim();

    /// <summary>Polls the client's neighbour table: the kernel handles the frame asynchronously.</summary>
    private string WaitForNeighbourMac(string address, string mac)
    {
        var entry = "";
        Eventually.Until(() => (entry = ClientNeighbour(address)).Contains(mac, StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        return entry;
    }

    [TestCase("10.99.1.100", 24)]
    [TestCase("fd00:98::100", 64)]
    public async Task BecameMaster_ClientHadStaleEntry_ClientNeighbourPointsAtAnnouncerMac(string vip, int prefix)
    {
        var announcerMac = _announcer.MacOf("eth0");
        _client.Exec("ip", "neigh", "replace", vip, "lladdr", StaleMac, "dev", "eth0", "nud", "stale");
        Assert.That(ClientNeighbour(vip), Does.Contain(StaleMac), "precondition: the client believes the VIP is elsewhere");

        using var backend = _announcer.Run(() => new NetlinkVipBackend());
        await backend.AddAsync(new VipAddress(IPAddress.Parse(vip), prefix, "eth0"), CancellationToken.None);
        using var sender = new PcapAnnouncementSender();
        _announcer.Run(() => sender.Open("eth0"));
        using var scheduler = new GarpScheduler(sender);

        scheduler.BecameMaster("VI_1", "eth0", [IPAddress.Parse(vip)], new GarpSchedule { MasterRepeat = 2, MasterDelay = TimeSpan.Zero });

        Assert.That(WaitForNeighbourMac(vip, announcerMac), Does.Contain(announcerMac));
    }

    [Test]
    public void SendGratuitousArp_NoClientEntry_ArpAcceptCreatesEntry()
    {
        var announcerMac = _announcer.MacOf("eth0");
        using var sender = new PcapAnnouncementSender();
        _announcer.Run(() => sender.Open("eth0"));

        sender.SendGratuitousArp("eth0", IPAddress.Parse("10.99.1.101"));

        Assert.That(WaitForNeighbourMac("10.99.1.101", announcerMac), Does.Contain(announcerMac));
    }

    [Test]
    public void Open_UnknownDevice_ThrowsNamingDevice()
    {
        using var sender = new PcapAnnouncementSender();

        var error = Assert.Throws<InvalidOperationException>(() => _announcer.Run(() => sender.Open("nosuch9")));

        Assert.That(error!.Message, Does.Contain("'nosuch9'"));
    }
}
