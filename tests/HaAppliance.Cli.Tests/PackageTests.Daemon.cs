using System.Diagnostics;
using System.Text;
using static HaAppliance.Cli.Tests.NamespaceDaemon;

namespace HaAppliance.Cli.Tests;

/// <summary>The packaged daemon, run as the unit runs it (as root), inside a network namespace this test creates.</summary>
public sealed partial class PackageTests
{
    private const string Vip = "192.0.2.100";

    [Test]
    public void Extracted_RunAsRoot_TakesVipAsMasterAndReleasesItOnSigterm()
    {
        Requires.NetworkNamespaces("the packaged daemon runs in a network namespace");
        var ns = "ha-" + Guid.NewGuid().ToString("N")[..8];
        var work = Directory.CreateDirectory(Path.Combine(_temp.FullName, "daemon")).FullName;
        var config = Path.Combine(work, "haapp.yaml");
        File.WriteAllText(config, NetlinkConfig("pkgtest"));
        var log = new StringBuilder();
        Process? daemon = null;
        Ip("netns", "add", ns);
        try
        {
            Ip("-n", ns, "link", "set", "lo", "up");
            Ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
            Ip("-n", ns, "addr", "add", "192.0.2.11/24", "dev", "eth0");
            Ip("-n", ns, "link", "set", "eth0", "up");
            Ip("-n", ns, "link", "set", "peer0", "up");

            // The unit's ExecStart, with the installed paths moved into the extracted package and this test's folders.
            var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[]
                     {
                         "netns", "exec", ns, Path.Combine(_root, "usr/bin/haapp"), "run", "-c", config,
                         "--state-dir", work, "--control-socket", Path.Combine(work, "haapp.sock"),
                     })
            {
                start.ArgumentList.Add(a);
            }

            daemon = Process.Start(start)!;
            daemon.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            daemon.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            daemon.BeginOutputReadLine();
            daemon.BeginErrorReadLine();

            // Alone on its LAN the node becomes master after Master_Down_Interval (RFC 3768 §6.4.2): about 3.4 s.
            var master = WaitUntil(() => HasVip(ns) && Text(log).Contains("(VI_1) Entering MASTER STATE", StringComparison.Ordinal), daemon);
            Assert.That(master, Is.True, $"no MASTER with {Vip} on eth0; daemon output:\n{Text(log)}");

            // `ip netns exec` execs the program, so this pid is the daemon; SIGTERM is what systemctl stop sends.
            AssertStopsOnSigterm(daemon, log, ns, Vip);
        }
        finally
        {
            StopAndDelete(daemon, ns);
        }
    }
}
