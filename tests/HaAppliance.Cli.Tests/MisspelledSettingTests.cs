namespace HaAppliance.Cli.Tests;

/// <summary>
/// A script check that says <c>script:</c> where the script plugin wants <c>command:</c>, through the real ./haapp launcher
/// with its built-in plugins: <c>check</c> names FILE:LINE:COL and the known settings; <c>run</c> refuses the configuration
/// before it opens a socket (so no namespace is needed: the interface does not even exist), one line per error, no stack trace.
/// </summary>
[NonParallelizable]
public sealed class MisspelledSettingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(15); // the launcher may build first

    private TempFolder _dir = null!;
    private string _config = "";

    [SetUp]
    public void SetUp()
    {
        _dir = new TempFolder("haapp-misspelled-");
        _config = _dir.File("haapp.yaml");
        File.WriteAllText(_config, $"""
            global:
              router_id: misspelled
              state_dir: {_dir.File("state")}
            checks:
              chk:
                type: script
                script: /bin/true
            instances:
              VI_1:
                interface: nosuch-if0
                virtual_router_id: 51
                priority: 100
                virtual_ipaddress: [192.0.2.100/24]
                track_script: [chk]

            """);
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static (int Exit, string Out, string Err) Haapp(params string[] args) =>
        PackageTool.Run("bash", [CheckTestSupport.Repo("haapp"), .. args], Bound, CheckTestSupport.RepoRoot);

    private const string Known = "known settings: command, arguments, shell, user, group, secure, output_limit";

    [Test]
    public void Check_ScriptInsteadOfCommand_FileLineColumnWithKnownSettingsExit1()
    {
        var (exit, output, error) = Haapp("check", "-c", _config);

        Assert.That(exit, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain($"{_config}:7:13: error: health check 'chk' (type script): invalid setting 'script' = '/bin/true': unknown setting; {Known}"));
        Assert.That(output + error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void Run_ScriptInsteadOfCommand_OneLinePerErrorNoStackTraceExitNonZero()
    {
        var (exit, output, error) = Haapp("run", "-c", _config, "--state-dir", _dir.File("state"), "--control-socket", _dir.File("haapp.sock"));

        var text = output + error;
        Assert.That(exit, Is.Not.Zero, text);
        var lines = text.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(l => l.Contains("invalid setting 'script'", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), text);
            Assert.That(lines.Where(l => l.Contains("invalid setting 'script'", StringComparison.Ordinal)).Single(), Does.Contain($"{_config}:7:").And.Contain(Known));
            Assert.That(lines.Where(l => l.Contains("interface 'nosuch-if0' does not exist", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1), text);
            Assert.That(text, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(text, Does.Not.Contain("Startup complete"));
        });
    }
}
