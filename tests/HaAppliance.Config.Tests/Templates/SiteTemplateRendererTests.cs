using HaAppliance.Config;
using HaAppliance.Templates;
using HaAppliance.Config.Tests.Configuration;

namespace HaAppliance.Config.Tests.Templates;

[NonParallelizable]
public sealed class SiteTemplateRendererTests
{
    private string _dir = "";

    private static string WebPair => TestPaths.Repo("templates", "web-pair.yaml.sbn");

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-tpl-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Render_UndefinedVariable_ErrorAtTemplateLineAndColumn()
    {
        var template = Write("t.sbn", "a: 1\nb: {{ present }}\nc: {{ missing }}\n");
        var site = Write("s.yaml", "present: yes\n");

        var result = SiteTemplateRenderer.Render(template, site);

        Assert.That(result.Ok, Is.False);
        var error = result.Diagnostics.Single();
        Assert.That(error.Location, Is.EqualTo(new SourceLocation(template, 3, 7)));
        Assert.That(error.Message, Does.Contain("missing"));
    }

    [Test]
    public void Render_UndefinedMember_ErrorInsteadOfEmptyString()
    {
        var template = Write("t.sbn", "x: {{ node.name }}\ny: {{ node.adress }}\n");
        var site = Write("s.yaml", "node:\n  name: a\n  address: 10.0.0.1\n");

        var result = SiteTemplateRenderer.Render(template, site);

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Diagnostics.Single().Location, Is.EqualTo(new SourceLocation(template, 2, 12)));
    }

    [Test]
    public void Render_SiteKeyMisspelt_NamesSiteFileAndSuggestsItsKey()
    {
        var template = Write("t.sbn", "advert_int: {{ advert_int }}\n");
        var site = Write("s.yaml", "vip: 192.0.2.1\nadvert_intervall: 1s\n");

        var error = SiteTemplateRenderer.Render(template, site).Diagnostics.Single();

        Assert.That(error.Location, Is.EqualTo(new SourceLocation(template, 1, 16)));
        Assert.That(error.Message, Does.Contain($"no key 'advert_int' in the site file {site}"));
        Assert.That(error.Message, Does.Contain($"did you mean 'advert_intervall' ({site}:2:1)?"));
    }

    [Test]
    public void Render_TemplateNameMisspelt_SuggestsTheSiteKey()
    {
        var template = Write("t.sbn", "advert_int: {{ advert_intervall }}\n");
        var site = Write("s.yaml", "advert_int: 1s\n");

        var error = SiteTemplateRenderer.Render(template, site).Diagnostics.Single();

        Assert.That(error.Message, Does.Contain($"did you mean 'advert_int' ({site}:1:1)?"));
    }

    [Test]
    public void Render_MemberMisspelt_SuggestsTheNestedSiteKey()
    {
        var template = Write("t.sbn", "x: {{ node.name }}\ny: {{ node.adress }}\n");
        var site = Write("s.yaml", "node:\n  name: a\n  address: 10.0.0.1\n");

        var error = SiteTemplateRenderer.Render(template, site).Diagnostics.Single();

        Assert.That(error.Message, Does.Contain($"no key 'adress' in the site file {site}; did you mean 'address' ({site}:3:3)?"));
    }

    [Test]
    public void Load_RenderedOutputInvalid_ErrorQuotesTheRenderedLine()
    {
        var template = Write("t.yaml.sbn", "instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n    virtual_ipaddress: [{{ vip }}]\n    advert_int: {{ adv }}\n");
        var site = Write("s.yaml", "vip: 192.0.2.1\nadv: 1x\n");

        var error = ConfigLoader.Load(template, site).Errors.First();

        Assert.That(error.Message, Does.Contain("rendered line 6: 'advert_int: 1x'"));
    }

    [Test]
    public void Render_TemplateSyntaxError_ReportedWithLocation()
    {
        var template = Write("t.sbn", "ok\n{{ if }}\n");
        var site = Write("s.yaml", "a: 1\n");

        var result = SiteTemplateRenderer.Render(template, site);

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Diagnostics[0].Location.File, Is.EqualTo(template));
        Assert.That(result.Diagnostics[0].Location.Line, Is.EqualTo(2));
    }

    [Test]
    public void Render_SiteValues_KeepTheirTypes()
    {
        var template = Write("t.sbn", "{{ n + 1 }} {{ flag ? 'on' : 'off' }} {{ quoted }} {{ list | array.size }} {{ site_name }}");
        var site = Write("lab.yaml", "n: 41\nflag: true\nquoted: \"007\"\nlist: [a, b, c]\n");

        Assert.That(SiteTemplateRenderer.Render(template, site).Output, Is.EqualTo("42 on 007 3 lab"));
    }

    [Test]
    public void Render_OverridesReplaceSiteValues()
    {
        var template = Write("t.sbn", "{{ node }}");
        var site = Write("s.yaml", "node: a\n");

        Assert.That(SiteTemplateRenderer.Render(template, site, new Dictionary<string, string> { ["node"] = "b" }).Output, Is.EqualTo("b"));
    }

    [Test]
    public void Render_LoopWithoutEnd_StoppedByLoopLimit()
    {
        var template = Write("t.sbn", "{{ while true }}x{{ end }}");
        var site = Write("s.yaml", "a: 1\n");

        Assert.That(SiteTemplateRenderer.Render(template, site).Ok, Is.False);
    }

    [TestCase("site-a", "web-a1", 101, "192.0.2.100", "eth0", "192.0.2.12")]
    [TestCase("site-b", "web-b1", 150, "198.51.100.50", "ens192", "198.51.100.22")]
    public void Load_WebPairForEachSite_ValidConfigWithTheSiteValues(string site, string node, int priority, string vip, string nic, string peer)
    {
        var result = ConfigLoader.Load(WebPair, TestPaths.Repo("etc", "sites", site + ".yaml"));

        Assert.That(result.Diagnostics, Is.Empty, result.RenderedText);
        var instance = result.Config!.Instances.Single();
        Assert.That(result.Config.Global.RouterId, Does.EndWith(node));
        Assert.That(instance.Priority, Is.EqualTo(priority));
        Assert.That(instance.Interface, Is.EqualTo(nic));
        Assert.That(instance.VirtualAddresses.Single().Address.ToString(), Is.EqualTo(vip));
        Assert.That(instance.UnicastPeers.Single().ToString(), Is.EqualTo(peer));
    }

    [TestCase("site-a")]
    [TestCase("site-b")]
    public void Load_WebPairRendered_RoundTripsThroughWriter(string site)
    {
        var rendered = ConfigLoader.Load(WebPair, site).Config!;

        var yaml = HaAppliance.Config.Yaml.ConfigYamlWriter.Write(rendered);
        var again = ConfigLoader.LoadYamlText(yaml, "written.yaml");

        Assert.That(again.Diagnostics, Is.Empty, yaml);
        Assert.That(ModelDump.Of(again.Config), Is.EqualTo(ModelDump.Of(rendered)));
    }

    [Test]
    public void Load_WebPairBothNodesOfOneSite_MirrorEachOther()
    {
        var site = TestPaths.Repo("etc", "sites", "site-a.yaml");
        var a1 = ConfigLoader.Load(WebPair, site, overrides: new Dictionary<string, string> { ["node"] = "web-a1" }).Config!.Instances.Single();
        var a2 = ConfigLoader.Load(WebPair, site, overrides: new Dictionary<string, string> { ["node"] = "web-a2" }).Config!.Instances.Single();

        Assert.That(a2.VirtualRouterId, Is.EqualTo(a1.VirtualRouterId));
        Assert.That(a2.VirtualAddresses.Single().ToString(), Is.EqualTo(a1.VirtualAddresses.Single().ToString()));
        Assert.That(a2.UnicastPeers.Single(), Is.EqualTo(a1.UnicastSrcIp));
        Assert.That(a1.UnicastPeers.Single(), Is.EqualTo(a2.UnicastSrcIp));
        Assert.That(a1.EffectivePriority, Is.GreaterThan(a2.EffectivePriority));
    }

    [Test]
    public void Load_WebPairUnknownNode_ErrorFromTemplate()
    {
        var result = ConfigLoader.Load(WebPair, TestPaths.Repo("etc", "sites", "site-a.yaml"), overrides: new Dictionary<string, string> { ["node"] = "web-z9" });

        var error = result.Diagnostics.Single();
        Assert.That(error.Location.File, Is.EqualTo(WebPair));
        Assert.That(error.Message, Does.Contain("node 'web-z9' is not one of the site's nodes: web-a1, web-a2"));
    }

    [Test]
    public void Load_WebPairSiteMissingValue_ErrorNamesTemplateLine()
    {
        var lines = File.ReadAllLines(TestPaths.Repo("etc", "sites", "site-a.yaml")).Where(l => !l.StartsWith("check_weight:", StringComparison.Ordinal));
        var site = Write("partial.yaml", string.Join("\n", lines));
        var expectedLine = Array.FindIndex(File.ReadAllLines(WebPair), l => l.Contains("{{ check_weight }}", StringComparison.Ordinal)) + 1;

        var error = ConfigLoader.Load(WebPair, site).Diagnostics.Single();

        Assert.That(error.Location.File, Is.EqualTo(WebPair));
        Assert.That(error.Location.Line, Is.EqualTo(expectedLine));
        Assert.That(error.Message, Does.Contain("check_weight"));
    }

    [Test]
    public void Resolve_SiteName_FoundBesideTemplateFolder()
    {
        Assert.That(SiteLocator.Resolve("site-b", WebPair, out _), Is.EqualTo(TestPaths.Repo("etc", "sites", "site-b.yaml")));
        Assert.That(SiteLocator.Resolve("site-zz", WebPair, out var error), Is.Null);
        Assert.That(error, Does.Contain("known sites: site-a, site-b"));
    }
}
