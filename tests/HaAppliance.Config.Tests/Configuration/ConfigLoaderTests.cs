using HaAppliance.Config;

namespace HaAppliance.Config.Tests.Configuration;

[NonParallelizable]
public sealed class ConfigLoaderTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-config-").FullName;

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void Load_MissingFile_ReportsNoSuchFile()
    {
        var result = ConfigLoader.Load(Path.Combine(_dir, "nope.yaml"));

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Diagnostics.Single().Message, Is.EqualTo("no such file"));
    }

    [Test]
    public void Load_KeepalivedConf_IsReadAsItIsAndValidatedAtItsLine()
    {
        var path = Path.Combine(_dir, "keepalived.conf");
        File.WriteAllText(path, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n  advert_int 1\n  virtual_ipaddress {\n    192.0.2.100/24\n  }\n}\n");

        var result = ConfigLoader.Load(path);

        Assert.That(result.Ok, Is.True, string.Join("\n", result.Diagnostics));
        var instance = result.Config!.Instances.Single();
        Assert.That(instance.VirtualRouterId, Is.EqualTo(51));
        Assert.That(instance.VirtualAddresses.Single().ToString(), Is.EqualTo("192.0.2.100/24"));
    }

    [Test]
    public void Load_KeepalivedConfWithTwoInstancesOnOneVrid_NamesTheSecondKeyword()
    {
        var path = Path.Combine(_dir, "keepalived.conf");
        File.WriteAllText(path, "vrrp_instance A {\n  interface eth0\n  virtual_router_id 51\n  virtual_ipaddress {\n    192.0.2.100\n  }\n}\nvrrp_instance B {\n  interface eth0\n  virtual_router_id 51\n  virtual_ipaddress {\n    192.0.2.101\n  }\n}\n");

        var result = ConfigLoader.Load(path);

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Errors.Select(e => e.Location.Line), Does.Contain(10), string.Join("\n", result.Diagnostics));
    }

    [Test]
    public void Load_TemplateWithSite_RendersThenValidates()
    {
        var template = Path.Combine(_dir, "t.yaml.sbn");
        var site = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(template, "instances:\n  VI_1:\n    interface: {{ nic }}\n    virtual_router_id: {{ vrid }}\n");
        File.WriteAllText(site, "nic: eth7\nvrid: 999\n");

        var result = ConfigLoader.Load(template, site);

        var error = result.Errors.Single();
        Assert.That(error.Location, Is.EqualTo(new SourceLocation($"{template}[s]", 4, 24)), "points at the rendered line");
        Assert.That(error.Message, Does.StartWith("'virtual_router_id' is 999; allowed: 1–255").And.EndWith($"(in the output of template {template} with site s; rendered line 4: 'virtual_router_id: 999')"));
        Assert.That(result.Config!.Instances.Single().Interface, Is.EqualTo("eth7"));
        Assert.That(result.RenderedText, Does.Contain("interface: eth7"));
    }

    [Test]
    public void Load_TemplateWithoutSite_AsksForSite()
    {
        var template = Path.Combine(_dir, "t.sbn");
        File.WriteAllText(template, "x");

        Assert.That(ConfigLoader.Load(template).Diagnostics.Single().Message, Does.Contain("--site"));
    }

    [Test]
    public void Load_DiagnosticsFromReaderAndValidator_AreInSourceOrder()
    {
        var path = Path.Combine(_dir, "c.yaml");
        File.WriteAllText(path, "instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 0\n    priorty: 1\n    priority: 0\n");

        var lines = ConfigLoader.Load(path).Errors.Select(e => e.Location.Line).ToList();

        Assert.That(lines, Is.EqualTo(new[] { 4, 5, 6 }));
    }
}
