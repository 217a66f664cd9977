using System.Diagnostics;
using System.Text;
using static HaAppliance.Cli.Tests.NamespaceDaemon;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// One daemon per state folder, with two real `haapp run` processes (as root, in a network namespace this test
/// creates): the second, on the first's state folder, exits non-zero with one line naming the folder and the first's
/// pid, and the first's control socket stays and answers.
/// </summary>
[TestFixture]
[Category("Netns")]
[NonParallelizable]
public sealed class StateFolderLockTests
{
    [Test]
    public void SecondRun_SameStateFolder_ExitsNonZeroNamingFolderAndPid_FirstKeepsItsSocket()
    {
        Requires.NetworkNamespaces("two daemons run in a network namespace");
        using var temp = new TempFolder("haapp-lock-");
        var plugins = temp.File("plugins");
        BuildNetlinkPlugin(plugins);
        var state = temp.File("state");
        var config = temp.File("haapp.yaml");
        File.WriteAllText(config, NetlinkConfig("locktest"));
        string[] Run(string socket) => ["run", "-c", config, "--plugin-dir", plugins, "--state-dir", state, "--control-socket", temp.File(socket)];

        var ns = "hl-" + Guid.NewGuid().ToString("N")[..8];
        var log = new StringBuilder();
        var second = new StringBuilder();
        Process? first = null;
        AddNamespace(ns);
        try
        {
            first = StartHaapp(ns, log, Run("first.sock"));
            Assert.That(WaitUntil(() => Text(log).Contains("Startup complete", StringComparison.Ordinal), first), Is.True, Text(log));

            using (var other = StartHaapp(ns, second, Run("second.sock")))
            {
                Assert.That(other.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "the second daemon exits");
                other.WaitForExit();
                Assert.That(other.ExitCode, Is.Not.Zero, Text(second));
            }

            var refusals = Text(second).Split('\n').Where(l => l.Contains("in use", StringComparison.Ordinal)).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(refusals, Has.Count.EqualTo(1), Text(second));
                Assert.That(refusals.FirstOrDefault(), Does.Contain($"state folder {state} is in use by another haapp daemon (pid {first.Id})"), Text(second));
                Assert.That(Text(second), Does.Not.Contain("   at "), "no stack trace");
                Assert.That(first.HasExited, Is.False, Text(log));
                Assert.That(File.Exists(temp.File("first.sock")), Is.True, "the first daemon's control socket is left alone");
            });
            var status = PackageTool.Run(PackageTool.Dotnet, [Path.Combine(AppContext.BaseDirectory, "haapp.dll"), "status", "--control-socket", temp.File("first.sock")], TimeSpan.FromMinutes(2));
            Assert.That(status.Out, Does.Contain("VI_1"), status.Err);
        }
        finally
        {
            StopAndDelete(first, ns);
        }
    }
}
