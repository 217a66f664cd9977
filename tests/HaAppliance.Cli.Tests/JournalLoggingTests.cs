namespace HaAppliance.Cli.Tests;

/// <summary>
/// The daemon's log lines as the real CLI prints them (`haapp run` of a configuration whose interface does not
/// exist: it logs its start, an error, and exits), with systemd's JOURNAL_STREAM set and without. The netlink
/// VIP backend plugin the configuration names is built into a drop-in folder first, as an author would.
/// </summary>
public sealed class JournalLoggingTests
{
    private DirectoryInfo _temp = null!;
    private string _config = null!;
    private string _plugins = null!;

    [OneTimeSetUp]
    public void BuildPlugin()
    {
        _temp = Directory.CreateTempSubdirectory("haapp-journal-");
        _plugins = Path.Combine(_temp.FullName, "plugins");
        var (exit, stdout, stderr) = PackageTool.Run(PackageTool.Dotnet,
            ["build", CheckTestSupport.Repo("plugins", "Netlink", "HaAppliance.Plugins.Netlink.csproj"), "-c", "Release", "-o", Path.Combine(_plugins, "Netlink"), "-nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(10), Path.GetTempPath());
        Assert.That(exit, Is.Zero, $"building the netlink plugin failed:\n{stdout}\n{stderr}");
    }

    [SetUp]
    public void WriteConfig()
    {
        _config = Path.Combine(_temp.FullName, "haapp.yaml");
        File.WriteAllText(_config, """
            global:
              router_id: journaltest
            instances:
              VI_1:
                interface: hanosuch0
                virtual_router_id: 51
                priority: 150
                virtual_ipaddress:
                  - 192.0.2.100/24
            """);
    }

    [OneTimeTearDown]
    public void DeleteTemp() => _temp.Delete(recursive: true);

    [Test]
    public void Run_JournalStreamSet_LinesCarryPriorityPrefixAndNoTime()
    {
        var (exit, stdout, stderr) = Run(journalStream: "8:4242");

        Assert.That(exit, Is.Not.Zero, "an interface that does not exist fails the start");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty, stderr);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.StartsWith("<6>Starting HaAppliance "), stdout);
            Assert.That(lines, Has.Some.Match("^<3>ERROR: .*hanosuch0"), stdout);
            Assert.That(lines, Has.All.Match("^<[2-7]>"), stdout);
            Assert.That(lines, Has.None.Match(TimePattern()), stdout);
        });
    }

    [Test]
    public void Run_JournalStreamUnset_LinesStartWithTimeAndNoPriority()
    {
        var (exit, stdout, stderr) = Run(journalStream: null);

        Assert.That(exit, Is.Not.Zero);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty, stderr);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Match(TimePattern() + "Starting HaAppliance "), stdout);
            Assert.That(lines, Has.Some.Match(TimePattern() + "ERROR: .*hanosuch0"), stdout);
            Assert.That(lines, Has.None.Match("^<[0-7]>"), stdout);
        });
    }

    [TestCase(Microsoft.Extensions.Logging.LogLevel.Debug, "<7>")]
    [TestCase(Microsoft.Extensions.Logging.LogLevel.Information, "<6>")]
    [TestCase(Microsoft.Extensions.Logging.LogLevel.Warning, "<4>")]
    [TestCase(Microsoft.Extensions.Logging.LogLevel.Error, "<3>")]
    [TestCase(Microsoft.Extensions.Logging.LogLevel.Critical, "<2>")]
    public void JournalPriority_Level_IsTheSdDaemonPrefix(Microsoft.Extensions.Logging.LogLevel level, string prefix) =>
        Assert.That(LineFormatter.JournalPriority(level), Is.EqualTo(prefix));

    private static string TimePattern() => @"^\d\d:\d\d:\d\d\.\d{3} ";

    private (int Exit, string Out, string Err) Run(string? journalStream) =>
        CheckTestSupport.RunProcess(
            _temp.FullName,
            new Dictionary<string, string?> { ["JOURNAL_STREAM"] = journalStream },
            "run", "-c", _config, "--plugin-dir", _plugins, "--state-dir", _temp.FullName, "--control-socket", Path.Combine(_temp.FullName, "haapp.sock"));
}
