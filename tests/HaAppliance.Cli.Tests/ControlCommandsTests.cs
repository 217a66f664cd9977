using System.Text.Json;
using HaAppliance.Linux;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// <c>haapp status --json</c> and <c>haapp reload</c> through the real CLI against a real control socket (a
/// <see cref="ControlServer"/> standing in for the daemon, whose own side is covered in the Hosting tests).
/// </summary>
[NonParallelizable]
public sealed class ControlCommandsTests
{
    private string _dir = "";
    private readonly List<string> _commands = [];

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("haapp-control-").FullName;
        _commands.Clear();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Socket => Path.Combine(_dir, "haapp.sock");

    private ControlServer Serve(string answer) => new(Socket, command =>
    {
        lock (_commands)
        {
            _commands.Add(command);
        }

        return Task.FromResult(answer);
    });

    [Test]
    public async Task Status_Json_AsksForJsonAndPrintsTheDocument()
    {
        var document = StatusJson.Format([new InstanceStatus("VI_1", "eth0", 51, HaAppliance.Vrrp.Router.RouterState.Master, 100, 100, 7, 0, new Dictionary<string, long>(), ["192.0.2.100/24"])]);
        await using var server = Serve("ok\n" + document);

        var (exit, output, error) = CheckTestSupport.Run("status", "--json", "--control-socket", Socket);

        Assert.That(exit, Is.Zero, error);
        Assert.That(_commands, Is.EqualTo(new[] { "status json" }));
        using var parsed = JsonDocument.Parse(output);
        var instance = parsed.RootElement.GetProperty("instances")[0];
        Assert.That(instance.GetProperty("state").GetString(), Is.EqualTo("MASTER"));
        Assert.That(instance.GetProperty("stats").GetProperty("adverts_sent").GetInt64(), Is.EqualTo(7));
    }

    [Test]
    public async Task Status_WithoutJson_AsksForTheTable()
    {
        await using var server = Serve("ok\nVI_1: MASTER");

        var (exit, output, _) = CheckTestSupport.Run("status", "--control-socket", Socket);

        Assert.That(exit, Is.Zero);
        Assert.That(_commands, Is.EqualTo(new[] { "status" }));
        Assert.That(output.Trim(), Is.EqualTo("VI_1: MASTER"));
    }

    [Test]
    public async Task Reload_Refused_ExitsOneWithTheErrors()
    {
        // ExecReload=haapp reload: this exit code is what makes "systemctl reload" fail.
        await using var server = Serve("error\nreload refused: the running configuration goes on\nhaapp.yaml:3:5: bad");

        var (exit, _, error) = CheckTestSupport.Run("reload", "--control-socket", Socket);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("haapp.yaml:3:5: bad"));
    }
}
