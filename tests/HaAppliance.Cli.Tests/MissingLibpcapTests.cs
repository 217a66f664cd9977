using System.Diagnostics;
using System.Text;
using static HaAppliance.Cli.Tests.NamespaceDaemon;

namespace HaAppliance.Cli.Tests;

/// <summary>
/// The daemon on a machine without libpcap: run for real (as root, in a network namespace this test creates) in a
/// private mount namespace where every libpcap library file is /dev/null, so loading it fails as on a machine
/// without libpcap0.8. It must say so once, clearly, and still take its VIP, with no stack trace per announcement.
/// </summary>
[TestFixture]
[Category("Netns")]
[NonParallelizable]
public sealed class MissingLibpcapTests
{
    private const string Vip = "192.0.2.100";
    private DirectoryInfo? _temp;

    [OneTimeTearDown]
    public void DeleteTemp()
    {
        if (_temp is { Exists: true })
        {
            _temp.Delete(recursive: true);
        }
    }

    [Test]
    public void Run_LibpcapCannotBeLoaded_OneClearLineNoStackTraceAndVipTaken()
    {
        Requires.Root("the daemon runs in a network namespace with libpcap hidden by bind mounts");
        var libraries = new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/usr/lib64" }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "libpcap.so*"))
            .Select(f => new FileInfo(f).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? f)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.That(libraries, Is.Not.Empty, "precondition: libpcap is installed (test.sh installs libpcap0.8), so hiding it means something");

        _temp = Directory.CreateTempSubdirectory("haapp-nopcap-");
        var plugins = Path.Combine(_temp.FullName, "plugins");
        var build = PackageTool.Run(PackageTool.Dotnet,
            ["build", CheckTestSupport.Repo("plugins", "Netlink", "HaAppliance.Plugins.Netlink.csproj"), "-c", "Release", "-o", Path.Combine(plugins, "Netlink"), "-nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(10), Path.GetTempPath());
        Assert.That(build.Exit, Is.Zero, $"building the netlink plugin failed:\n{build.Out}\n{build.Err}");
        var config = Path.Combine(_temp.FullName, "haapp.yaml");
        File.WriteAllText(config, NetlinkConfig("nopcap", Vip));

        var ns = "hp-" + Guid.NewGuid().ToString("N")[..8];
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

            var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "netns", "exec", ns, "unshare", "--mount", "--propagation", "private", "sh", "-ec", """for f in "$@"; do case $f in --) shift; break;; esac; mount --bind /dev/null "$f"; shift; done; exec "$@" """, "sh" }
                         .Concat(libraries).Append("--")
                         .Concat([PackageTool.Dotnet, Path.Combine(AppContext.BaseDirectory, "haapp.dll"), "run", "-c", config, "--plugin-dir", plugins,
                             "--state-dir", _temp.FullName, "--control-socket", Path.Combine(_temp.FullName, "haapp.sock")]))
            {
                start.ArgumentList.Add(a);
            }

            daemon = Process.Start(start)!;
            daemon.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            daemon.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            daemon.BeginOutputReadLine();
            daemon.BeginErrorReadLine();

            var master = WaitUntil(() => HasVip(ns) && Text(log).Contains("(VI_1) Entering MASTER STATE", StringComparison.Ordinal), daemon);
            Assert.That(master, Is.True, $"no MASTER with {Vip} on eth0; daemon output:\n{Text(log)}");
            // Past the first announcements (sent at once on becoming master, and again after garp_master_delay).
            Thread.Sleep(TimeSpan.FromSeconds(6));
            var lines = Text(log).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Multiple(() =>
            {
                Assert.That(lines.Count(l => l.Contains("libpcap0.8", StringComparison.Ordinal)), Is.EqualTo(1), Text(log));
                Assert.That(lines.Single(l => l.Contains("libpcap0.8", StringComparison.Ordinal)), Does.Contain("WARNING: Gratuitous ARP / unsolicited NA unavailable: gratuitous ARP"));
                Assert.That(Text(log), Does.Not.Contain("Exception").And.Not.Contain("   at "), "no stack trace");
            });
        }
        finally
        {
            StopAndDelete(daemon, ns);
        }
    }
}
