using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Daemon;

/// <summary>
/// Figures for the report: from killing a tracked process to the tracker's state change, and from there to the
/// advert with the lowered priority on the wire, with the real daemon in a namespace. Printed (run with
/// --logger "console;verbosity=detailed"), never asserted; the test checks only that the advert was seen.
/// </summary>
[TestFixture]
[NonParallelizable]
[Explicit("a measurement: run it on purpose")]
[Category("Measure")]
public sealed partial class CheckToAdvertFigures
{
    [Test]
    public void KillTrackedProcess_ToLoweredPriorityAdvert_Figures()
    {
        Requires.NetworkNamespaces("the daemon runs in a network namespace");
        Repo.RequireCli();
        using var lab = NetworkLab.Create();
        var ns = lab.AddHost("n1", "192.0.2.1/24");
        var dir = Directory.CreateTempSubdirectory("haapp-figures-").FullName;
        var name = "hasleep" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        var binary = Path.Combine(dir, name);
        File.Copy("/bin/sleep", binary);
        var config = Path.Combine(dir, "haapp.yaml");
        File.WriteAllText(config, $$"""
            checks:
              chk_proc:
                type: process
                process: {{name}}
                weight: -20
            instances:
              VI_1:
                interface: eth0
                virtual_router_id: 51
                priority: 101
                version: 3
                advert_int: 1s
                virtual_ipaddress:
                  - 192.0.2.100/24
                track_script:
                  - chk_proc
            """);
        var tracked = StartTracked(ns, binary);
        using var daemon = VrrpDaemon.Start(Impl.Haapp, ns, Path.Combine(dir, "d"), config);
        var toTracker = new List<double>();
        var toAdvert = new List<double>();
        try
        {
            WaitFor(() => ns.Exec("ip", "-4", "addr", "show", "dev", "eth0").Contains("192.0.2.100/", StringComparison.Ordinal), 20, daemon);
            for (var run = 0; run < 10; run++)
            {
                Thread.Sleep(1500);
                using var dump = StartTcpdump(ns, out var lines);
                Thread.Sleep(500);
                var failedLines = Regex.Matches(daemon.Log, "VRRP_Script\\(chk_proc\\) failed").Count;
                var killedAt = DateTime.UtcNow;
                tracked.Kill();
                tracked.WaitForExit();
                tracked.Dispose();
                WaitFor(() => lines.Any(l => l.Contains("prio 81", StringComparison.Ordinal)), 10, daemon);
                WaitFor(() => Regex.Matches(daemon.Log, "VRRP_Script\\(chk_proc\\) failed").Count > failedLines, 5, daemon);
                var advertAt = Epoch(lines.First(l => l.Contains("prio 81", StringComparison.Ordinal)));
                var trackerAt = LogTime(daemon.Log.Split('\n').Where(l => l.Contains("VRRP_Script(chk_proc) failed", StringComparison.Ordinal)).ElementAt(failedLines));
                toTracker.Add((trackerAt - killedAt).TotalMilliseconds);
                toAdvert.Add((advertAt - trackerAt).TotalMilliseconds);
                dump.Kill();
                tracked = StartTracked(ns, binary);
                WaitFor(() => daemon.Log.Split('\n').Count(l => l.Contains("Changing effective priority from 81 to 101", StringComparison.Ordinal)) > run, 10, daemon);
            }
        }
        finally
        {
            tracked.Kill();
            tracked.Dispose();
            daemon.Stop();
            Directory.Delete(dir, recursive: true);
        }

        TestContext.Out.WriteLine($"kill -> tracker state change: median {Median(toTracker):0.0} ms (log lines have ms resolution; runs: {string.Join(", ", toTracker.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))})");
        TestContext.Out.WriteLine($"tracker state change -> advert with priority 81 on the wire: median {Median(toAdvert):0.0} ms (runs: {string.Join(", ", toAdvert.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))})");
        Assert.That(toAdvert, Has.Count.EqualTo(10));
    }

    private static Process StartTracked(NetNamespace ns, string binary)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns.Name, binary, "1000" })
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }

    private static Process StartTcpdump(NetNamespace ns, out List<string> lines)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "netns", "exec", ns.Name, "tcpdump", "-i", "eth0", "-n", "-tt", "-l", "--immediate-mode", "ip proto 112" })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        var collected = new List<string>();
        lines = collected;
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } l)
            {
                lock (collected)
                {
                    collected.Add(l);
                }
            }
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static DateTime Epoch(string tcpdumpLine)
    {
        var seconds = double.Parse(tcpdumpLine.Split(' ')[0], CultureInfo.InvariantCulture);
        return DateTime.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    private static DateTime LogTime(string line)
    {
        var time = TimeOnly.ParseExact(line[..12], "HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return DateTime.SpecifyKind(DateOnly.FromDateTime(DateTime.Now).ToDateTime(time), DateTimeKind.Local).ToUniversalTime();
    }

    private static void WaitFor(Func<bool> condition, int seconds, VrrpDaemon daemon)
    {
        // A short interval: the figures measure how soon something shows.
        if (!Eventually.Until(condition, TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(5)))
        {
            Assert.Fail("timed out; daemon log:\n" + daemon.Log);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
