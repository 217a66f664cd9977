using System.CommandLine;
using HaAppliance.Cli;

namespace HaAppliance.Cli.Tests;

/// <summary>Runs <c>haapp demo --fast</c> in-process, through the command line parser, and reads what it prints.</summary>
public sealed class DemoCommandTests
{
    private static (int ExitCode, string[] Lines) Run(params string[] args)
    {
        var root = new RootCommand { DemoCommand.Create() };
        using var output = new StringWriter();
        var exitCode = root.Parse(["demo", .. args]).Invoke(new InvocationConfiguration { Output = output });
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Asserts that each (node, phrase) appears, in this order, on lines of that node.</summary>
    private static void AssertSequence(string[] lines, params (string Node, string Phrase)[] expected)
    {
        var at = 0;
        foreach (var (node, phrase) in expected)
        {
            var found = Array.FindIndex(lines, at, l => l.Contains($" {node} ", StringComparison.Ordinal) && l.EndsWith(phrase, StringComparison.Ordinal));
            Assert.That(found, Is.GreaterThanOrEqualTo(0), $"'{node} {phrase}' after line {at} in:\n{string.Join('\n', lines)}");
            at = found + 1;
        }
    }

    [Test]
    public void Demo_Fast_PrintsKeepalivedPhrasesInOrderAndVipEndsOnLb2()
    {
        var (exitCode, lines) = Run("--fast");

        Assert.That(exitCode, Is.Zero);
        Assert.That(lines[0], Does.StartWith("Simulated LAN"));
        AssertSequence(
            lines,
            ("lb1", "(VI_1) Entering BACKUP STATE (init)"),
            ("lb1", "(VI_1) Receive advertisement timeout"),
            ("lb1", "(VI_1) Entering MASTER STATE"),
            ("lb1", "(VI_1) setting VIPs."),
            ("lb1", "(VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.0.2.100"),
            ("lb1", "VRRP_Script(chk_nginx) failed (exited with status 1)"),
            ("lb1", "(VI_1) Changing effective priority from 101 to 81"),
            ("lb2", "(VI_1) Receive advertisement timeout"),
            ("lb2", "(VI_1) Entering MASTER STATE"),
            ("lb2", "(VI_1) setting VIPs."),
            ("lb2", "(VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.0.2.100"),
            ("lb1", "(VI_1) Master received advert from 192.0.2.2 with higher priority 100, ours 81"),
            ("lb1", "(VI_1) Entering BACKUP STATE"),
            ("lb1", "(VI_1) removing VIPs."));
        Assert.That(lines.Count(l => l.Contains("Entering MASTER STATE", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(lines[^1], Does.StartWith("Summary: VIP 192.0.2.100 is held by lb2 (MASTER); failover took 2.6"));
    }

    [Test]
    [Category("Netns")]
    public void Demo_AsRootThroughTheLauncher_ClientServedByLb1ThenByLb2()
    {
        Requires.Root("the demo creates network namespaces");
        // As a user runs it: ./haapp builds the CLI and plugins (and installs libpcap0.8/iproute2 when missing).
        var (exit, stdout, stderr) = PackageTool.Run("bash", [CheckTestSupport.Repo("haapp"), "demo"], TimeSpan.FromMinutes(15), CheckTestSupport.RepoRoot);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.That(exit, Is.Zero, $"{stdout}\n{stderr}");
        var lb1 = Array.FindIndex(lines, l => l.EndsWith("client GET http://192.0.2.100/ served by lb1", StringComparison.Ordinal));
        var lb2 = Array.FindIndex(lines, l => l.EndsWith("client GET http://192.0.2.100/ served by lb2", StringComparison.Ordinal));
        Assert.That(lb1, Is.GreaterThanOrEqualTo(0), stdout);
        Assert.That(lb2, Is.GreaterThan(lb1), stdout);
        Assert.That(stdout + stderr, Does.Not.Contain("Exception"));
        Assert.That(lines[^1], Does.EndWith("namespaces removed"));
    }

    [Test]
    public void Demo_FastPreempt_Lb2TakesOverOnFirstLowerAdvert()
    {
        var (exitCode, lines) = Run("--fast", "--fast-preempt");

        Assert.That(exitCode, Is.Zero);
        AssertSequence(
            lines,
            ("lb1", "(VI_1) Changing effective priority from 101 to 81"),
            ("lb2", "(VI_1) Received advert from 192.0.2.1 with lower priority 81, ours 100, taking over at once (fast preemption)"),
            ("lb2", "(VI_1) Entering MASTER STATE"),
            ("lb1", "(VI_1) Entering BACKUP STATE"));
        Assert.That(lines.Any(l => l.Contains("lb2  (VI_1) Receive advertisement timeout", StringComparison.Ordinal)), Is.False);
        Assert.That(lines[^1], Does.StartWith("Summary: VIP 192.0.2.100 is held by lb2 (MASTER); failover took 0.0"));
    }
}
