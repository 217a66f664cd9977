using HaAppliance.Linux;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// The operator's commands find the same daemon: <c>check</c> and <c>run</c> default to the same file (<c>HAAPP_CONFIG</c>,
/// else /etc/haapp/haapp.yaml); <c>status</c>, <c>reload</c> and <c>events</c> take <c>-c</c> and read the control socket
/// and state folder from it; <c>check</c> reports what <c>run</c> would refuse on this host.
/// </summary>
[NonParallelizable]
public sealed class DefaultConfigTests
{
    private const string MissingInterface = "haappnone0";
    private string _dir = "";
    private string? _savedEnvironment;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("haapp-defaults-").FullName;
        _savedEnvironment = Environment.GetEnvironmentVariable(DaemonConfig.EnvironmentVariable);
    }

    [TearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable(DaemonConfig.EnvironmentVariable, _savedEnvironment);
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The shipped example with its interface renamed and its state folder and socket in the test's folder.</summary>
    private string Config(string interfaceName = MissingInterface)
    {
        var text = File.ReadAllText(CheckTestSupport.Repo("etc", "haapp.yaml"))
            .Replace("interface: eth0", $"interface: {interfaceName}", StringComparison.Ordinal)
            .Replace("global:\n", $"global:\n  state_dir: {_dir}/state\n  control_socket: {_dir}/ctl.sock\n", StringComparison.Ordinal);
        var path = Path.Combine(_dir, "haapp.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void Check_NoConfigOption_ChecksTheFileRunReads()
    {
        var path = Config();
        Environment.SetEnvironmentVariable(DaemonConfig.EnvironmentVariable, path);

        var (exit, output, error) = CheckTestSupport.Run("check");

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.StartWith($"{path}: OK: 1 instance"));
    }

    [Test]
    public void Check_NoConfigPresent_SaysWhichFileAndHowToGiveOne()
    {
        var path = Path.Combine(_dir, "absent.yaml");
        Environment.SetEnvironmentVariable(DaemonConfig.EnvironmentVariable, path);

        var (exit, output, error) = CheckTestSupport.Run("check");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain($"no configuration at {path}").And.Contain("-c FILE").And.Contain("HAAPP_CONFIG"));
    }

    [Test]
    public void Run_NoConfigOption_ReadsTheSameFileAsCheck()
    {
        var path = Path.Combine(_dir, "absent.yaml");
        Environment.SetEnvironmentVariable(DaemonConfig.EnvironmentVariable, path);

        var (exit, _, error) = CheckTestSupport.Run("run");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"haapp run: no configuration at {path}").And.Contain("-c FILE").And.Contain("HAAPP_CONFIG"));
    }

    [Test]
    public void Check_MissingInterface_IsAWarningNamingFileLineAndValue()
    {
        var path = Config();

        var (exit, output, error) = CheckTestSupport.Run("check", "-c", path);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Does.StartWith($"{path}:47:16: warning: instance VI_1: interface '{MissingInterface}' does not exist here"));
        Assert.That(error, Does.Contain("--host"));
        Assert.That(output, Does.Contain(": OK:"));
    }

    [TestCase("--host")]
    [TestCase("--strict")]
    public void Check_MissingInterfaceOnTheHost_IsAnErrorAsRunRefusesIt(string option)
    {
        var path = Config();

        var (exit, output, error) = CheckTestSupport.Run("check", option, "-c", path);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.StartWith($"{path}:47:16: error: instance VI_1: interface '{MissingInterface}' does not exist here"));
        Assert.That(error, Does.Contain($"{path}: 1 error"));
    }

    [Test]
    public void Check_ExistingInterfaceOnTheHost_IsOk()
    {
        var path = Config("lo");

        var (exit, output, error) = CheckTestSupport.Run("check", "--host", "-c", path);

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(error, Is.Empty);
        Assert.That(output, Does.Contain(": OK:"));
    }

    [Test]
    public async Task Status_ConfigOption_UsesItsControlSocket()
    {
        var path = Config();
        var asked = new List<string>();
        await using var server = new ControlServer(Path.Combine(_dir, "ctl.sock"), command =>
        {
            lock (asked)
            {
                asked.Add(command);
            }

            return Task.FromResult("ok\nVI_1: MASTER");
        });

        var (statusExit, output, error) = CheckTestSupport.Run("status", "-c", path);
        var (reloadExit, _, reloadError) = CheckTestSupport.Run("reload", "-c", path);

        Assert.That(statusExit, Is.Zero, error);
        Assert.That(output.Trim(), Is.EqualTo("VI_1: MASTER"));
        Assert.That(reloadExit, Is.Zero, reloadError);
        Assert.That(asked, Is.EqualTo(new[] { "status", "reload" }));
    }

    [Test]
    public void Status_ConfigNotReadable_SaysSo()
    {
        var (exit, _, error) = CheckTestSupport.Run("status", "-c", Path.Combine(_dir, "absent.yaml"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("absent.yaml:0:0: error: no such file").And.Contain("haapp status: cannot read"));
    }

    [Test]
    public void Events_ConfigOption_ReadsItsStateFolder()
    {
        var path = Config();
        var journal = new HaAppliance.Notifications.Journal.TransitionJournal(Path.Combine(_dir, "state"));
        journal.Append(new(Guid.NewGuid(), DateTimeOffset.UtcNow, "lb1", "VI_1", null,
            HaAppliance.Abstractions.VrrpState.Backup, HaAppliance.Abstractions.VrrpState.Master, 101, "master down timer expired"));

        var (exit, output, error) = CheckTestSupport.Run("events", "-c", path);

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("BACKUP -> MASTER").And.Contain("master down timer expired"));
    }

    [Test]
    public void Events_NoJournal_SaysWhereItLookedAndHowToPointElsewhere()
    {
        var path = Config();

        var (exit, _, error) = CheckTestSupport.Run("events", "-c", path);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain(Path.Combine(_dir, "state", "transitions.jsonl")).And.Contain($"state_dir of {path}")
            .And.Contain("--state-dir DIR").And.Contain("-c FILE"));
    }
}
