namespace HaAppliance.Cli.Tests;

[NonParallelizable]
public sealed class RenderCommandTests
{
    private string _dir = "";

    private static string WebPair => CheckTestSupport.Repo("templates", "web-pair.yaml.sbn");

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-render-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Render_SiteByName_WritesValidYamlToStdout()
    {
        var (exit, output, error) = CheckTestSupport.Run("render", WebPair, "--site", "site-a");

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("virtual_router_id: 51").And.Contain("- 192.0.2.100/24").And.Contain("unicast_peer:\n      - 192.0.2.12\n"));
        Assert.That(output, Does.Not.Contain("\n\n    "), "no blank lines left by template tags");
    }

    [Test]
    public void Render_ToFile_FileChecksClean()
    {
        var outPath = Path.Combine(_dir, "lb.yaml");

        var (exit, output, error) = CheckTestSupport.Run("render", WebPair, "--site", CheckTestSupport.Repo("etc", "sites", "site-b.yaml"), "--var", "node=web-b2", "-o", outPath);
        var check = CheckTestSupport.Run("check", "-c", outPath);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.StartWith($"{outPath}: OK: 1 instance"));
        Assert.That(check.Exit, Is.EqualTo(0), check.Err);
        Assert.That(check.Out, Does.Contain("priority 120").And.Contain("unicast 198.51.100.21"));
    }

    [Test]
    public void Render_MissingSiteValue_ErrorAtTemplateLineAndExitOne()
    {
        var site = Path.Combine(_dir, "thin.yaml");
        File.WriteAllText(site, "node: x\nnodes: []\n");

        var (exit, output, error) = CheckTestSupport.Run("render", WebPair, "--site", site);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith($"{WebPair}:"));
        Assert.That(error, Does.Contain(": error: template:"));
    }

    [Test]
    public void Render_InvalidOutput_ErrorsPointAtRejectedFileAndOutputNotWritten()
    {
        var outPath = Path.Combine(_dir, "lb.yaml");

        var (exit, _, error) = CheckTestSupport.Run("render", WebPair, "--site", "site-a", "--var", "virtual_router_id=0", "-o", outPath);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(outPath, Does.Not.Exist);
        var rejected = File.ReadAllLines(outPath + ".rejected");
        var first = error.Split('\n')[0];
        Assert.That(first, Does.StartWith($"{outPath}.rejected:"));
        Assert.That(first, Does.Contain("'virtual_router_id' is 0; allowed: 1–255").And.Contain($"template {WebPair} with site site-a"));
        var line = int.Parse(first[(outPath.Length + ".rejected:".Length)..].Split(':')[0]);
        Assert.That(rejected[line - 1].Trim(), Is.EqualTo("virtual_router_id: 0"), "the error names the rendered line");
    }

    [Test]
    public void Render_UnknownSite_ListsKnownSites()
    {
        var (exit, _, error) = CheckTestSupport.Run("render", WebPair, "--site", "site-q");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("known sites: site-a, site-b"));
    }
}
