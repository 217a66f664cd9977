using System.Diagnostics;
using System.Globalization;
using System.Text;
using static HaAppliance.Cli.Tests.NamespaceDaemon;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// Signals that reach a real `haapp run` (as root, in a network namespace this test creates) while it is still starting:
/// SIGHUP is kept and becomes one reload once start-up is complete, SIGTERM ends it cleanly. The signal is sent from the
/// handler of the process's first output line (its first plugin is loaded, start-up is far from complete): earlier than
/// that no code of haapp runs yet, and the kernel's default action for the signal applies to any program.
/// </summary>
[TestFixture]
[Category("Netns")]
[NonParallelizable]
public sealed class EarlySignalTests
{
    private TempFolder _temp = null!;
    private string _plugins = "";

    [OneTimeSetUp]
    public void BuildPlugin()
    {
        Requires.NetworkNamespaces("haapp run runs in a network namespace");
        _temp = new TempFolder("haapp-early-signal-");
        _plugins = _temp.File("plugins");
        BuildNetlinkPlugin(_plugins);
    }

    [OneTimeTearDown]
    public void TearDown() => _temp?.Dispose();

    [Test]
    public void Sighup_WhileStarting_KeepsRunningReachesStartupThenReloadsOnce()
    {
        var (daemon, ns, log, logAtSignal) = StartAndSignal("HUP");
        try
        {
            Assert.That(logAtSignal(), Does.Not.Contain("Startup complete"), "precondition: the signal came while starting");
            Assert.That(WaitUntil(() => Text(log).Contains("Reload complete", StringComparison.Ordinal), daemon), Is.True, Text(log));
            Assert.Multiple(() =>
            {
                Assert.That(daemon.HasExited, Is.False, Text(log));
                Assert.That(Count(log, "Reloading configuration"), Is.EqualTo(1), Text(log));
                Assert.That(Text(log).IndexOf("Startup complete", StringComparison.Ordinal), Is.LessThan(Text(log).IndexOf("Reloading configuration", StringComparison.Ordinal)), Text(log));
            });
        }
        finally
        {
            StopAndDelete(daemon, ns);
        }
    }

    [Test]
    public void Sigterm_WhileStarting_EndsCleanlyExitZero()
    {
        var (daemon, ns, log, logAtSignal) = StartAndSignal("TERM");
        try
        {
            Assert.That(logAtSignal(), Does.Not.Contain("Startup complete"), "precondition: the signal came while starting");
            Assert.That(daemon.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, Text(log));
            daemon.WaitForExit();
            Assert.That(daemon.ExitCode, Is.Zero, Text(log));
            Assert.That(Text(log), Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            StopAndDelete(daemon, ns);
        }
    }

    private static int Count(StringBuilder log, string text) =>
        Text(log).Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Starts haapp in a new namespace; its first output line sends it SIGNAL. Returns what the log held then.</summary>
    private (Process Daemon, string Ns, StringBuilder Log, Func<string> LogAtSignal) StartAndSignal(string signal)
    {
        var config = _temp.File($"{signal}.yaml");
        File.WriteAllText(config, NetlinkConfig("early" + signal.ToLowerInvariant()));
        var ns = "hs-" + Guid.NewGuid().ToString("N")[..8];
        var log = new StringBuilder();
        string? atSignal = null;
        var signalled = new ManualResetEventSlim();
        AddNamespace(ns);
        Process daemon;
        try
        {
            daemon = StartHaapp(ns, log, "run", "-c", config, "--plugin-dir", _plugins, "--state-dir", _temp.File(signal + "-state"),
                "--control-socket", _temp.File(signal + ".sock"));
        }
        catch
        {
            PackageTool.Run("ip", ["netns", "del", ns], TimeSpan.FromMinutes(2));
            throw;
        }

        daemon.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null || Interlocked.Exchange(ref atSignal, Text(log)) is not null)
            {
                return;
            }

            PackageTool.Run("kill", ["-" + signal, daemon.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
            signalled.Set();
        };
        Assert.That(signalled.Wait(TimeSpan.FromMinutes(2)) || daemon.HasExited, Is.True, Text(log));
        return (daemon, ns, log, () => atSignal ?? "");
    }
}
