using System.Text.RegularExpressions;

namespace HaAppliance.Cli.Tests;

[NonParallelizable]
public sealed partial class CheckCommandTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("haapp-check-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Check_ValidFile_ExitsZeroWithSummary()
    {
        var (exit, output, error) = CheckTestSupport.Run("check", "-c", CheckTestSupport.Repo("etc", "haapp.yaml"));

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Is.Empty);
        Assert.That(output, Does.Contain("OK: 1 instance, 1 VIP, 1 check, 0 notifiers"));
        Assert.That(output, Does.Contain("VI_1: eth0 vrid 51 priority 101 v2 advert 1s multicast VIPs 192.0.2.100/24 checks chk_nginx"));
    }

    [Test]
    public void Check_BuiltInDefault_IsTheShippedEtcFile() =>
        Assert.That(CheckCommand.DefaultConfigText(), Is.EqualTo(File.ReadAllText(CheckTestSupport.Repo("etc", "haapp.yaml"))));

    [Test]
    public void Check_InvalidFile_PrintsEveryErrorAsFileLineColAndExitsOne()
    {
        var path = Write("bad.yaml", "instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 256\n    prority: 100\n");

        var (exit, output, error) = CheckTestSupport.Run("check", "-c", path);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo($"{path}:4:24: error: 'virtual_router_id' is 256; allowed: 1–255"));
        Assert.That(lines[1], Does.StartWith($"{path}:5:5: error: unknown key 'prority' in instance 'VI_1'; did you mean 'priority'?"));
        Assert.That(lines[2], Is.EqualTo($"{path}: 2 errors"));
        Assert.That(lines.Take(2), Is.All.Matches(DiagnosticLine()));
    }

    [Test]
    public void Check_WarningsOnly_ExitsZeroAndShowsWarnings()
    {
        var path = Write("w.yaml", "global:\n  router_id: lb1\n");

        var (exit, _, error) = CheckTestSupport.Run("check", "-c", path);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(error, Does.StartWith($"{path}:1:1: warning: no instances"));
    }

    [Test]
    public void Check_MissingFile_ExitsOne()
    {
        var (exit, _, error) = CheckTestSupport.Run("check", "-c", Path.Combine(_dir, "none.yaml"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("none.yaml:0:0: error: no such file"));
    }

    [Test]
    public void Check_TemplateWithSiteName_RendersAndValidates()
    {
        var (exit, output, error) = CheckTestSupport.Run("check", "-c", CheckTestSupport.Repo("templates", "web-pair.yaml.sbn"), "--site", "site-b");

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("VI_WEB: ens192 vrid 52 priority 150 v3 advert 500ms unicast 198.51.100.22"));
    }

    [Test]
    public void Check_BadVarSyntax_ExitsTwo() =>
        Assert.That(CheckTestSupport.Run("check", "--var", "novalue").Exit, Is.EqualTo(2));

    [Test]
    public void Check_RealProcess_ExitCodesAndStreams()
    {
        var bad = Write("bad.yaml", "instances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n    priority: 0\n");

        var good = CheckTestSupport.RunProcess(_dir, "check", "-c", CheckTestSupport.Repo("etc", "haapp.yaml"));
        var failed = CheckTestSupport.RunProcess(_dir, "check", "-c", "bad.yaml");

        Assert.That(good.Exit, Is.EqualTo(0), good.Err);
        Assert.That(good.Out, Does.Contain("OK: 1 instance"));
        Assert.That(failed.Exit, Is.EqualTo(1));
        Assert.That(failed.Err, Does.StartWith("bad.yaml:5:15: error: 'priority' is 0; allowed: 1–255"));
        Assert.That(bad, Does.Exist);
    }

    [GeneratedRegex(@"^[^:]+:\d+:\d+: error: .+$")]
    private static partial Regex DiagnosticLine();
}
