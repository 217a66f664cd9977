using System.Net;
using System.Threading.Channels;
using HaAppliance.Abstractions;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Plugins.Netlink;

namespace HaAppliance.Integration.Tests.Netlink;

[TestFixture]
[NonParallelizable]
public sealed class NetlinkVipBackendTests
{
    private string _prefix = null!;
    private NetNamespace _ns = null!;
    private NetlinkVipBackend _backend = null!;

    [SetUp]
    public void CreateNamespace()
    {
        Requires.NetworkNamespaces("netlink address changes run in a network namespace of their own");
        try
        {
            _prefix = TestRun.NextName();
            _ns = NetNamespace.Create(_prefix + "-nl");
            // A veth pair (the dummy driver is not always available); both ends up so vip0 has carrier.
            _ns.Exec("ip", "link", "add", "vip0", "type", "veth", "peer", "name", "vip0p");
            _ns.Exec("ip", "link", "set", "vip0p", "up");
            _ns.Exec("ip", "link", "set", "vip0", "up");
            // Opened on a thread inside the namespace: every request below acts there, whatever thread sends it.
            _backend = _ns.Run(() => new NetlinkVipBackend());
        }
        catch
        {
            // NUnit skips TearDown when SetUp throws: clean up here.
            DeleteNamespace();
            throw;
        }
    }

    [TearDown]
    public void DeleteNamespace()
    {
        _backend?.Dispose();
        _ns?.Dispose();
        if (_prefix is not null)
        {
            NetworkLab.Sweep(_prefix);
        }
    }

    private string AddressesOn(string device) => _ns.Exec("ip", "addr", "show", "dev", device);

    [Test]
    public async Task AddAsync_IPv4WithLabelAndBroadcast_IpAddrShowsIt()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.100"), 24, "vip0", Label: "vip0:vi1", Broadcast: IPAddress.Parse("192.0.2.255"));

        await _backend.AddAsync(vip, CancellationToken.None);

        Assert.That(AddressesOn("vip0"), Does.Contain("inet 192.0.2.100/24 brd 192.0.2.255").And.Contain("vip0:vi1"));
    }

    [Test]
    public async Task AddAsync_IPv6_IpAddrShowsItWithoutTentative()
    {
        var vip = new VipAddress(IPAddress.Parse("2001:db8::100"), 64, "vip0");

        await _backend.AddAsync(vip, CancellationToken.None);

        var shown = AddressesOn("vip0");
        Assert.That(shown, Does.Contain("inet6 2001:db8::100/64"));
        Assert.That(shown, Does.Not.Contain("tentative"));
    }

    [Test]
    public async Task AddAsync_HostScope_IpAddrShowsScopeHost()
    {
        await _backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.7"), 32, "vip0", Scope: "host"), CancellationToken.None);

        Assert.That(AddressesOn("vip0"), Does.Match(@"inet 192\.0\.2\.7/32 scope host"));
    }

    [TestCase("192.0.2.101", 32)]
    [TestCase("2001:db8::101", 128)]
    public async Task RemoveAsync_AddedAddress_IpAddrNoLongerShowsIt(string address, int prefix)
    {
        var vip = new VipAddress(IPAddress.Parse(address), prefix, "vip0");
        await _backend.AddAsync(vip, CancellationToken.None);
        Assert.That(AddressesOn("vip0"), Does.Contain($"{address}/{prefix}"));

        await _backend.RemoveAsync(vip, CancellationToken.None);

        Assert.That(AddressesOn("vip0"), Does.Not.Contain($"{address}/{prefix}"));
    }

    [Test]
    public async Task ExistsAsync_BeforeAndAfterAdd_ReflectsKernelState()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.102"), 32, "vip0");
        var before = await _backend.ExistsAsync(vip, CancellationToken.None);
        _ns.Exec("ip", "addr", "add", "192.0.2.102/32", "dev", "vip0");

        var after = await _backend.ExistsAsync(vip, CancellationToken.None);

        Assert.That((before, after), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task ExistsAsync_255CallsAtOnce_EachAnswersTheKernelState()
    {
        // A takeover asks for every VIP at once; the calls share address dumps, and each answer must still be right.
        for (var i = 0; i < 255; i += 2)
        {
            _ns.Exec("ip", "addr", "add", $"198.51.100.{i}/32", "dev", "vip0");
        }

        var vips = Enumerable.Range(0, 255).Select(i => new VipAddress(IPAddress.Parse($"198.51.100.{i}"), 32, "vip0")).ToList();
        var answers = await Task.WhenAll(vips.Select(v => Task.Run(() => _backend.ExistsAsync(v, CancellationToken.None))));

        Assert.That(answers, Is.EqualTo(Enumerable.Range(0, 255).Select(i => i % 2 == 0)));

        // A shared dump is never reused by a later call: an address added meanwhile is seen.
        _ns.Exec("ip", "addr", "add", "198.51.100.1/32", "dev", "vip0");
        Assert.That(await _backend.ExistsAsync(vips[1], CancellationToken.None), Is.True);
        _ns.Exec("ip", "addr", "del", "198.51.100.1/32", "dev", "vip0");
        Assert.That(await _backend.ExistsAsync(vips[1], CancellationToken.None), Is.False);
    }

    [Test]
    public async Task AddAsync_InterfaceMadeAgainUnderANewIndex_FailsOnceThenAddsThere()
    {
        // The interface index is looked up once and remembered; a device deleted and made again gets a new index.
        var vip = new VipAddress(IPAddress.Parse("192.0.2.110"), 32, "vip0");
        await _backend.AddAsync(vip, CancellationToken.None);
        _ns.Exec("ip", "link", "del", "vip0");
        _ns.Exec("ip", "link", "add", "vip0", "type", "veth", "peer", "name", "vip0p");
        _ns.Exec("ip", "link", "set", "vip0", "up");

        var first = await Assert.ThrowsAsync<NetlinkException>(() => _backend.AddAsync(vip, CancellationToken.None));
        await _backend.AddAsync(vip, CancellationToken.None);

        Assert.That(first!.Errno, Is.EqualTo(19), "ENODEV: the remembered index is gone");
        Assert.That(AddressesOn("vip0"), Does.Contain("inet 192.0.2.110/32"));
        Assert.That(await _backend.ExistsAsync(vip, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task AddAsync_AlreadyPresent_ThrowsEexistNamingAddressAndDevice()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.103"), 32, "vip0");
        await _backend.AddAsync(vip, CancellationToken.None);

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _backend.AddAsync(vip, CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(17));
        Assert.That(error.Message, Does.Contain("192.0.2.103/32").And.Contain("vip0").And.Contain("already configured").And.Contain("EEXIST"));
    }

    [Test]
    public async Task AddAsync_UnknownDevice_ThrowsEnodevNamingDevice()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.104"), 32, "nosuch9");

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _backend.AddAsync(vip, CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(19));
        Assert.That(error.Message, Does.Contain("no interface named 'nosuch9'").And.Contain("ENODEV").And.Contain("192.0.2.104/32"));
    }

    [Test]
    public async Task RemoveAsync_NotConfigured_ThrowsEaddrnotavail()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.105"), 32, "vip0");

        var error = await Assert.ThrowsAsync<NetlinkException>(() => _backend.RemoveAsync(vip, CancellationToken.None));

        Assert.That(error!.Errno, Is.EqualTo(99));
        Assert.That(error.Message, Does.Contain("not configured on vip0"));
    }

    [Test]
    public async Task AddAsync_LabelNotStartingWithDevice_ThrowsNamingLabel()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.106"), 32, "vip0", Label: "eth0:x");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _backend.AddAsync(vip, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("'eth0:x'").And.Contain("vip0"));
    }

    [Test]
    public async Task AddAsync_UnknownScope_ThrowsNamingScope()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.107"), 32, "vip0", Scope: "galactic");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _backend.AddAsync(vip, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("'galactic'"));
    }

    [Test]
    public void GetLinksAsync_InNamespace_ListsInterfaceUp()
    {
        var links = _ns.RunAsync(() => _backend.GetLinksAsync(CancellationToken.None));

        Assert.That(links.Single(l => l.Name == "vip0").IsUp, Is.True);
    }

    [Test]
    public async Task WatchAsync_LinkSetDownThenUp_ReportsBothChanges()
    {
        var reports = Channel.CreateUnbounded<LinkState>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // Subscribing must happen inside the namespace; the loop then runs anywhere.
        var watching = _ns.Run(() => _backend.WatchAsync(l => reports.Writer.WriteAsync(l), cts.Token));

        _ns.Exec("ip", "link", "set", "vip0", "down");
        var down = await NextFor("vip0", l => !l.IsUp);
        _ns.Exec("ip", "link", "set", "vip0", "up");
        // Carrier may follow IFF_UP in a separate notification: wait for the one that makes the link usable.
        var up = await NextFor("vip0", l => l.IsUp);
        await cts.CancelAsync();
        await watching;

        Assert.Multiple(() =>
        {
            Assert.That(down.IsUp, Is.False);
            Assert.That(down.AdministrativelyUp, Is.False);
            Assert.That(up.Running, Is.True);
        });

        async Task<LinkState> NextFor(string name, Func<LinkState, bool> wanted)
        {
            while (true)
            {
                var link = await reports.Reader.ReadAsync(cts.Token);
                if (link.Name == name && wanted(link))
                {
                    return link;
                }
            }
        }
    }
}
