using System.Net;
using HaAppliance.Abstractions;
using HaAppliance.Integration.Tests.Harness;
using HaAppliance.Plugins.IpCommand;

namespace HaAppliance.Integration.Tests.IpCommand;

[TestFixture]
[NonParallelizable]
public sealed class IpCommandVipBackendTests
{
    private string _prefix = null!;
    private NetNamespace _ns = null!;
    private IpCommandVipBackend _backend = null!;
    private string? _siteTemplates;

    [SetUp]
    public void CreateNamespace()
    {
        Requires.NetworkNamespaces("ip address changes run in a network namespace of their own");
        try
        {
            _prefix = TestRun.NextName();
            _ns = NetNamespace.Create(_prefix + "-ip");
            _ns.Exec("ip", "link", "add", "vip0", "type", "veth", "peer", "name", "vip0p");
            _ns.Exec("ip", "link", "set", "vip0", "up");
            _backend = new IpCommandVipBackend(new IpCommandOptions { Netns = _ns.Name });
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
        _ns?.Dispose();
        if (_prefix is not null)
        {
            NetworkLab.Sweep(_prefix);
        }
        if (_siteTemplates is not null)
        {
            Directory.Delete(_siteTemplates, recursive: true);
            _siteTemplates = null;
        }
    }

    private string AddressesOn(string device) => _ns.Exec("ip", "addr", "show", "dev", device);

    private string SiteTemplates(string addTemplate)
    {
        _siteTemplates = Directory.CreateTempSubdirectory("ha-ip-templates-").FullName;
        foreach (var file in Directory.GetFiles(IpCommandVipBackend.DefaultTemplateDirectory))
        {
            File.Copy(file, Path.Combine(_siteTemplates, Path.GetFileName(file)));
        }
        File.WriteAllText(Path.Combine(_siteTemplates, IpCommandVipBackend.AddTemplate), addTemplate);
        return _siteTemplates;
    }

    [Test]
    public async Task AddAsync_IPv4WithLabel_IpAddrShowsIt()
    {
        await _backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.110"), 24, "vip0", Label: "vip0:web", Broadcast: IPAddress.Parse("192.0.2.255")), CancellationToken.None);

        Assert.That(AddressesOn("vip0"), Does.Contain("inet 192.0.2.110/24 brd 192.0.2.255").And.Contain("vip0:web"));
    }

    [Test]
    public async Task AddAsync_IPv6_AddedWithoutDad()
    {
        await _backend.AddAsync(new VipAddress(IPAddress.Parse("2001:db8::110"), 64, "vip0"), CancellationToken.None);

        var shown = AddressesOn("vip0");
        Assert.That(shown, Does.Contain("inet6 2001:db8::110/64"));
        Assert.That(shown, Does.Not.Contain("tentative"));
    }

    [Test]
    public async Task RemoveAsync_Added_IpAddrNoLongerShowsIt()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.111"), 32, "vip0");
        await _backend.AddAsync(vip, CancellationToken.None);

        await _backend.RemoveAsync(vip, CancellationToken.None);

        Assert.That(AddressesOn("vip0"), Does.Not.Contain("192.0.2.111"));
    }

    [TestCase("192.0.2.112", 32)]
    [TestCase("2001:db8::112", 128)]
    public async Task ExistsAsync_BeforeAndAfterAdd_ReflectsKernelState(string address, int prefix)
    {
        var vip = new VipAddress(IPAddress.Parse(address), prefix, "vip0");
        var before = await _backend.ExistsAsync(vip, CancellationToken.None);
        await _backend.AddAsync(vip, CancellationToken.None);

        var after = await _backend.ExistsAsync(vip, CancellationToken.None);

        Assert.That((before, after), Is.EqualTo((false, true)));
    }

    [Test]
    public async Task AddAsync_AlreadyPresent_ThrowsCarryingStderrAndExitCode()
    {
        var vip = new VipAddress(IPAddress.Parse("192.0.2.113"), 32, "vip0");
        await _backend.AddAsync(vip, CancellationToken.None);

        var error = await Assert.ThrowsAsync<IpCommandException>(() => _backend.AddAsync(vip, CancellationToken.None));

        Assert.That(error!.ExitCode, Is.Not.Zero);
        // iproute2 says "File exists" or, with the kernel's extended ack, "Address already assigned".
        Assert.That(error.StandardError, Does.Contain("exists").Or.Contain("already"));
        Assert.That(error.Message, Does.Contain("addr add 192.0.2.113/32 dev vip0").And.Contain(error.StandardError.Trim()));
    }

    [Test]
    public async Task AddAsync_UnknownDevice_ThrowsNamingDevice()
    {
        var error = await Assert.ThrowsAsync<IpCommandException>(() =>
            _backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.114"), 32, "nosuch9"), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("nosuch9"));
    }

    [TestCase("vip0;reboot")]
    [TestCase("vip0 label x")]
    [TestCase("-force")]
    public async Task AddAsync_DeviceThatIsNotOneWord_RejectedBeforeRunning(string device)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.115"), 32, device), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain($"'{device}'"));
    }

    [Test]
    public async Task AddAsync_SiteTemplate_RunsTheSiteCommandLine()
    {
        var directory = SiteTemplates("{{ ip }} -n {{ netns }} addr add {{ address }}/{{ prefix }} dev {{ device }} label {{ device }}:site\n");
        var backend = new IpCommandVipBackend(new IpCommandOptions { Netns = _ns.Name, TemplateDirectory = directory });

        await backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.116"), 32, "vip0"), CancellationToken.None);

        Assert.That(AddressesOn("vip0"), Does.Contain("vip0:site"));
    }

    [Test]
    public async Task AddAsync_TemplateWithMisspelledVariable_FailsNamingTemplateFile()
    {
        var directory = SiteTemplates("{{ ip }} addr add {{ adress }}/{{ prefix }} dev {{ device }}\n");
        var backend = new IpCommandVipBackend(new IpCommandOptions { Netns = _ns.Name, TemplateDirectory = directory });

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => backend.AddAsync(new VipAddress(IPAddress.Parse("192.0.2.117"), 32, "vip0"), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("addr-add.sbn").And.Contain("adress"));
    }

    [Test]
    public void Constructor_TemplateMissing_ThrowsNamingPath()
    {
        var empty = Directory.CreateTempSubdirectory("ha-ip-empty-").FullName;
        _siteTemplates = empty;

        var error = Assert.Throws<FileNotFoundException>(() => _ = new IpCommandVipBackend(new IpCommandOptions { TemplateDirectory = empty }));

        Assert.That(error!.Message, Does.Contain(Path.Combine(empty, "addr-add.sbn")));
    }
}
