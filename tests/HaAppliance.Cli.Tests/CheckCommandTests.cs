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
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Check_ScriptSecurityAndNotifyScriptOthersCanReplace_ErrorAtItsLine()
    {
        var scripts = Path.Combine(_dir, "scripts");
        Directory.CreateDirectory(scripts);
        File.SetUnixFileMode(scripts, (UnixFileMode)Convert.ToInt32("777", 8));
        var script = Path.Combine(scripts, "notify.sh");
        File.WriteAllText(script, "#!/bin/sh\n");
        File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("755", 8));
        var path = Write("ha.yaml", $"global:\n  enable_script_security: true\ninstances:\n  VI_1:\n    interface: eth0\n    virtual_router_id: 51\n    virtual_ipaddress: [192.0.2.10/24]\n    notify_backup: {script}\n");

        var (exit, output, error) = CheckTestSupport.Run("check", "-c", path);

        Assert.That(exit, Is.EqualTo(1), error);
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain($"{path}:8:20: error: instance 'VI_1': refusing notify_backup script (enable_script_security): {scripts} is writable by others (mode 777)"));
    }

    [Test]
    public void BindPluginSettings_EmailPasswordWithoutTls_ErrorUnlessPlaintextAuthIsAllowed()
    {
        using var catalog = new HaAppliance.Hosting.Plugins.PluginCatalog();
        catalog.AddAssembly(typeof(HaAppliance.Plugins.Email.EmailPlugin).Assembly, "Email");
        var yaml = "notifiers:\n  mail:\n    type: email\n    host: 127.0.0.1\n    security: none\n    from: lb1@example.org\n    to: [ops@example.org]\n    username: alerts\n    password_env: SMTP_PASSWORD\n";
        var config = HaAppliance.Hosting.ConfigLoader.LoadYamlText(yaml, "ha.yaml").Config!;

        var errors = HaAppliance.Hosting.Plugins.PluginSettingsCheck.Bind(catalog, config);
        config.Notifiers[0].Settings.Set("allow_plaintext_auth", "true", SourceLocation.Unknown);
        var allowed = HaAppliance.Hosting.Plugins.PluginSettingsCheck.Bind(catalog, config);

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "ha.yaml:2:3: error: notifier 'mail' (type email): email: security none would send the password of user 'alerts' in plain text to 127.0.0.1:25; use security starttls or tls, or set allow_plaintext_auth: true. (Parameter 'AllowPlaintextAuth')",
        }));
        Assert.That(allowed, Is.Empty);
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
