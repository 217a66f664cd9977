using System.Text.Json;

namespace HaAppliance.Cli.Tests;

/// <summary><c>haapp site check|whatif|render</c> on the documented worked example and on broken variants of it.</summary>
[NonParallelizable]
public sealed class SiteCommandTests
{
    private static readonly string Node1 = CheckTestSupport.Repo("docs", "examples", "site", "itoatest1.conf");
    private static readonly string Node2 = CheckTestSupport.Repo("docs", "examples", "site", "itoatest2.conf");
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-site-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>itoatest2's config with one edit, written to the temp folder.</summary>
    private string Node2With(string from, string to)
    {
        var text = File.ReadAllText(Node2);
        Assert.That(text, Does.Contain(from));
        var path = Path.Combine(_dir, "itoatest2.conf");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        return path;
    }

    private static int LineOf(string path, string text) =>
        Array.FindIndex(File.ReadAllLines(path), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    [Test]
    public void SiteCheck_WorkedExample_ExitsZeroWithEffectivePriorities()
    {
        var (exit, output, error) = CheckTestSupport.Run("site", "check", Node1, Node2);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Is.Empty);
        Assert.That(output, Is.EqualTo(
            "site itoatest1, itoatest2: OK: 1 virtual router, 0 warnings\n" +
            "  VI_1 (eth0 IPv4 vrid 51): itoatest1 priority 101 (81 with its checks failing), itoatest2 priority 100 (80 with its checks failing); master itoatest1\n"));
    }

    [Test]
    public void SiteCheck_PasswordTypoOnOneNode_ErrorAtBothAuthPassLinesAndExitsOne()
    {
        var typo = Node2With("auth_pass 1111", "auth_pass 1112");

        var (exit, output, error) = CheckTestSupport.Run("site", "check", Node1, typo);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith($"{Node1}:{LineOf(Node1, "auth_pass")}:19: error: VI_1 (eth0 IPv4 vrid 51) auth_pass differs between itoatest1 and itoatest2"));
        Assert.That(lines[0], Does.EndWith($"[itoatest2: {typo}:{LineOf(typo, "auth_pass")}:19]"));
        Assert.That(lines[^1], Is.EqualTo("site itoatest1, itoatest2: 1 error, 0 warnings"));
    }

    [Test]
    public void SiteCheck_RealProgram_ExitCodeOneOnErrorZeroWhenClean()
    {
        var typo = Node2With("auth_pass 1111", "auth_pass 1112");

        var broken = CheckTestSupport.RunProcess(_dir, "site", "check", Node1, typo);
        var clean = CheckTestSupport.RunProcess(_dir, "site", "check", Node1, Node2);

        Assert.That(broken.Exit, Is.EqualTo(1), broken.Err);
        Assert.That(broken.Err, Does.EndWith("site itoatest1, itoatest2: 1 error, 0 warnings\n"));
        Assert.That(clean.Exit, Is.EqualTo(0), clean.Err);
        Assert.That(clean.Out, Does.StartWith("site itoatest1, itoatest2: OK"));
    }

    [Test]
    public void SiteCheck_EqualPriorities_WarningNamesWinnerAndExitsZero()
    {
        var tie = Node2With("priority 100", "priority 101");

        var (exit, output, error) = CheckTestSupport.Run("site", "check", Node1, tie);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(error.TrimEnd(), Is.EqualTo(
            $"{Node1}:{LineOf(Node1, "priority")}:14: warning: VI_1 (eth0 IPv4 vrid 51) has priority 101 on itoatest1 and itoatest2: " +
            $"the tie goes to the higher primary address, itoatest2 (192.168.1.12) wins [itoatest2: {tie}:{LineOf(tie, "priority")}:14]"));
        Assert.That(output, Does.StartWith("site itoatest1, itoatest2: OK: 1 virtual router, 1 warning"));
    }

    [Test]
    public void SiteCheck_NodeConfigInvalid_PrintsItsDiagnosticsAndExitsOne()
    {
        var bad = Node2With("virtual_router_id 51", "virtual_router_id 300");

        var (exit, _, error) = CheckTestSupport.Run("site", "check", Node1, bad);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.StartWith($"{bad}:{LineOf(bad, "virtual_router_id")}:"));
        Assert.That(error, Does.EndWith("site: 1 error in the node configurations\n"));
    }

    [Test]
    public void SiteCheck_TemplateWithSitePerNode_RendersEachNodeAndChecksThePair()
    {
        var template = CheckTestSupport.Repo("templates", "web-pair.yaml.sbn");
        var siteA2 = Path.Combine(_dir, "site-a2.yaml");
        File.WriteAllText(siteA2, File.ReadAllText(CheckTestSupport.Repo("etc", "sites", "site-a.yaml")).Replace("node: web-a1", "node: web-a2", StringComparison.Ordinal));

        var (exit, output, error) = CheckTestSupport.Run("site", "check", template, template, "--site", "site-a", "--site", siteA2);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.StartWith("site ams-web-a1, ams-web-a2: OK: 1 virtual router, 0 warnings"));
    }

    [Test]
    public void SiteCheck_TwoNodesSameName_RefusedWithReason()
    {
        var template = CheckTestSupport.Repo("templates", "web-pair.yaml.sbn");

        var (exit, _, error) = CheckTestSupport.Run("site", "check", template, template, "--site", "site-a", "--site", "site-a");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("site: 2 nodes are named 'ams-web-a1'"));
    }

    [Test]
    public void SiteWhatIf_NginxFailsOnMaster_BackupAfterMasterDownIntervalAndBack()
    {
        var (exit, output, error) = CheckTestSupport.Run("site", "whatif", Node1, Node2, "--fail", "itoatest1:chk_nginx", "--recover", "itoatest1:chk_nginx");

        Assert.That(exit, Is.EqualTo(0), error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[..4], Is.EqualTo(new[]
        {
            "what if itoatest1:chk_nginx fails:",
            "  VI_1 itoatest1 -> itoatest2 after 3609 ms (Master_Down_Interval at priority 100)",
            "then itoatest1:chk_nginx recovers:",
            "  VI_1 itoatest2 -> itoatest1 after 3605 ms (Master_Down_Interval at priority 101)",
        }));
    }

    [Test]
    public void SiteWhatIf_Json_ExactMilliseconds()
    {
        var (exit, output, _) = CheckTestSupport.Run("site", "whatif", Node1, Node2, "--fail", "itoatest1", "--json");

        Assert.That(exit, Is.EqualTo(0));
        using var json = JsonDocument.Parse(output);
        var instance = json.RootElement.GetProperty("steps")[0].GetProperty("instances")[0];
        Assert.That(instance.GetProperty("before")[0].GetString(), Is.EqualTo("itoatest1"));
        Assert.That(instance.GetProperty("after")[0].GetString(), Is.EqualTo("itoatest2"));
        Assert.That(instance.GetProperty("elapsed_ms").GetDouble(), Is.EqualTo(3609.375));
    }

    [Test]
    public void SiteWhatIf_UnknownCheck_ExitsTwoListingChecks()
    {
        var (exit, _, error) = CheckTestSupport.Run("site", "whatif", Node1, Node2, "--fail", "itoatest1:nginx");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.Trim(), Is.EqualTo("haapp site whatif: 'itoatest1:nginx': node itoatest1 has no check or interface 'nginx'; checks: chk_nginx; interfaces: eth0"));
    }

    [Test]
    public void SiteRender_ShippedSites_EveryNodeRenderedAndChecked()
    {
        var template = CheckTestSupport.Repo("templates", "web-pair.yaml.sbn");

        var (exit, output, error) = CheckTestSupport.Run("site", "render", template, "--sites", "site-a,site-b", "-o", _dir);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("site-a: rendered web-a1, web-a2 from"));
        Assert.That(output, Does.Contain("site ams-web-a1, ams-web-a2: OK: 1 virtual router, 0 warnings"));
        Assert.That(output, Does.Contain("site ber-web-b1, ber-web-b2: OK: 1 virtual router, 0 warnings"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "site-a", "web-a2.yaml")), Does.Contain("priority: 100"));
        Assert.That(File.ReadAllText(Path.Combine(_dir, "site-b", "web-b1.yaml")), Does.Contain("unicast_src_ip: 198.51.100.21"));
    }

    [Test]
    public void SiteRender_InvalidValue_ErrorPerNodeAtTemplateSiteNodeAndExitsOne()
    {
        var template = CheckTestSupport.Repo("templates", "web-pair.yaml.sbn");

        var (exit, output, error) = CheckTestSupport.Run("site", "render", template, "--sites", "site-a", "--var", "virtual_router_id=300");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain($"{template}[site-a/web-a1]:"));
        Assert.That(error, Does.Contain($"{template}[site-a/web-a2]:"));
        Assert.That(error, Does.EndWith("site: 2 errors in the node configurations\n"));
    }

    [Test]
    public void SiteRender_SiteWhoseWeightsCannotMoveTheVip_WarnsWithEffectivePriorities()
    {
        var template = CheckTestSupport.Repo("templates", "web-pair.yaml.sbn");
        var site = Path.Combine(_dir, "site-c.yaml");
        File.WriteAllText(site, File.ReadAllText(CheckTestSupport.Repo("etc", "sites", "site-a.yaml")).Replace("priority: 101", "priority: 150", StringComparison.Ordinal));

        var (exit, output, error) = CheckTestSupport.Run("site", "render", template, "--sites", site);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Does.Contain(": warning: VI_WEB (eth0 IPv4 vrid 51) on ams-web-a1 with every check failing (chk_web) has effective priority 130 and still outranks healthy ams-web-a2 (100)"));
        Assert.That(error, Does.Contain($"{template}[site-c/web-a1]:"));
        Assert.That(output, Does.Contain("site ams-web-a1, ams-web-a2: OK: 1 virtual router, 1 warning"));
    }
}
