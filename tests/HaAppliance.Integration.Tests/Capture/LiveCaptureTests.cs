using System.Diagnostics;
using System.Text.RegularExpressions;
using HaAppliance.Integration.Tests.Daemon;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Capture;

/// <summary>
/// <c>haapp capture -i IF</c> as operators run it: the real CLI inside a test namespace, listening to the adverts
/// of a real daemon (ours or keepalived) on the lab's bridge.
/// </summary>
[NonParallelizable]
public sealed class LiveCaptureTests
{
    private static readonly Regex AdvertLine = new(
        @"^ {0,4}\d+  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} IP 192\.0\.2\.1 > 224\.0\.0\.18: VRRPv2, Advertisement, vrid 51, prio 101, authtype none, intvl 1s, length 20$",
        RegexOptions.CultureInvariant);

    [OneTimeSetUp]
    public void BuildCli()
    {
        Requires.NetworkNamespaces("live capture listens on a veth link between network namespaces");
        // The launcher rebuilds the CLI when sources changed, so the tests run this tree's capture command.
        // A rebuild on a busy machine takes longer than Shell.Run's 30 s limit, hence a process of our own.
        var start = new ProcessStartInfo(Path.Combine(Repo.Root, "haapp")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("version");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("./haapp did not build the CLI within 10 minutes");
        }

        Assert.That(process.ExitCode, Is.EqualTo(0), stderr.Result);
    }

    [SetUp]
    public void SetUp() => Requires.NetworkNamespaces("live capture listens on a veth link between network namespaces");

    [TestCase(Impl.Haapp)]
    [TestCase(Impl.Keepalived)]
    public void Capture_PeerNamespaceWithCount3_PrintsThreeAdvertsOfTheMasterAndExits0(Impl impl)
    {
        if (impl == Impl.Keepalived)
        {
            Requires.Tool("keepalived", "the capture of keepalived's adverts (apt-get install keepalived)");
        }

        using var lab = new PairLab(new PairCase(impl, impl, 2, Ipv6: false, Unicast: false, Auth: false));
        lab.Start("n1");
        lab.WaitForHolder("n1", "start");

        var (exit, stdout, stderr) = Capture(lab.Client, "-i", "eth0", "-c", "3", "--timeout", "20");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3), stdout + stderr + lab.Logs());
        Assert.That(lines, Has.All.Contains("VRRPv2, Advertisement, vrid 51, prio 101"));
        Assert.That(lines, Has.All.Match(AdvertLine.ToString()));
        Assert.That(lines.Select(l => int.Parse(l.TrimStart().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(stderr, Does.Contain("listening on eth0").And.Contain("3 VRRP packets (0 rejected)"));
    }

    [Test]
    public void Capture_AnyInterface_DecodesLinuxCookedFramesTheSameWay()
    {
        // "any" delivers Linux cooked (SLL) frames instead of Ethernet: the shared link-layer code strips them.
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: false));
        lab.Start("n1");
        lab.WaitForHolder("n1", "start");

        var (exit, stdout, stderr) = Capture(lab.Client, "-i", "any", "-c", "2", "--timeout", "20");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stderr, Does.Contain("link-type LinuxSll"));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), stdout);
        Assert.That(lines, Has.All.Match(AdvertLine.ToString()));
    }

    [Test]
    public void Capture_Vrrpv3OverIpv6_PrintsIp6LinesWithCentisecondInterval()
    {
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 3, Ipv6: true, Unicast: false, Auth: false));
        lab.Start("n1");
        lab.WaitForHolder("n1", "start");

        var (exit, stdout, stderr) = Capture(lab.Client, "-i", "eth0", "-c", "2", "--timeout", "20");

        Assert.That(exit, Is.EqualTo(0), stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), stdout);
        // RFC 5798 §5.1.2.1: the source is the sender's link-local address; the group is ff02::12.
        Assert.That(lines, Has.All.Match(@" IP6 fe80::[0-9a-f:]+ > ff02::12: VRRPv3, Advertisement, vrid 51, prio 101, intvl 100cs, length \d+$"));
    }

    [Test]
    public void Capture_VerboseOnMastersOwnInterface_PrintsTtlAndVirtualAddress()
    {
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: true));
        lab.Start("n1");
        lab.WaitForHolder("n1", "start");

        var (exit, stdout, stderr) = Capture(lab.N1, "-i", "eth0", "-v", "-c", "2", "--timeout", "20");

        Assert.That(exit, Is.EqualTo(0), stderr);
        // tcpdump -v prints two lines per IPv4 advert.
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4), stdout);
        Assert.That(stdout, Does.Contain("ttl 255").And.Contain("proto VRRP (112)"));
        Assert.That(stdout, Does.Contain("addrs: 192.0.2.100").And.Contain("auth \"s3cret"));
    }

    [Test]
    public void Capture_NoAdvertsUntilTimeout_Exits0WithNoLines()
    {
        using var lab = NetworkLab.Create();
        var host = lab.AddHost("q", "192.0.2.20/24");

        var (exit, stdout, stderr) = Capture(host, "-i", "eth0", "--timeout", "1");

        Assert.That(exit, Is.EqualTo(0), stderr);
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.Contain("0 VRRP packets"));
    }

    [Test]
    public void Capture_InterruptedWithSigint_Exits0AfterPrintingAdverts()
    {
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: false));
        lab.Start("n1");
        lab.WaitForHolder("n1", "start");
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        // A test run started in the background of a shell inherits SIGINT ignored, and .NET keeps an ignored signal
        // ignored: env gives the capture the default disposition an interactive user's Ctrl-C meets.
        foreach (var a in new[] { "netns", "exec", lab.Client.Name, "env", "--default-signal=INT", "dotnet", Repo.HaappDll, "capture", "-i", "eth0" })
        {
            start.ArgumentList.Add(a);
        }

        // ip netns exec and env exec the command, so this pid is the CLI's own.
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var first = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 })
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }

                first.TrySetResult();
            }
        };
        var stderr = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            Assert.That(first.Task.Wait(TimeSpan.FromSeconds(20)), Is.True, "no advert printed within 20 s");
            Shell.Run("kill", "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(20)), Is.True, "capture did not stop on SIGINT");
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), stderr.Result);
            lock (lines)
            {
                Assert.That(lines, Is.Not.Empty.And.All.Contains("VRRPv2, Advertisement, vrid 51, prio 101"));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static (int Exit, string Stdout, string Stderr) Capture(NetNamespace ns, params string[] args) =>
        Shell.Run("ip", ["netns", "exec", ns.Name, "dotnet", Repo.HaappDll, "capture", .. args], check: false);
}
