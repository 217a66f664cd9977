using System.Diagnostics;
using System.Text;

namespace HaAppliance.Cli.Tests;

/// <summary>What the tests that run a real daemon in a network namespace share: ip commands, the VIP probe, log text.</summary>
internal static class NamespaceDaemon
{
    private static readonly TimeSpan IpTimeout = TimeSpan.FromMinutes(2);

    public static void Ip(params string[] args)
    {
        var (exit, _, stderr) = PackageTool.Run("ip", args, IpTimeout);
        Assert.That(exit, Is.Zero, $"ip {string.Join(' ', args)}: {stderr}");
    }

    /// <summary>True when <paramref name="vip"/> is configured on eth0 in namespace <paramref name="ns"/>.</summary>
    public static bool HasVip(string ns, string vip = "192.0.2.100")
    {
        var (exit, stdout, _) = PackageTool.Run("ip", ["-n", ns, "-4", "addr", "show", "dev", "eth0"], IpTimeout);
        return exit == 0 && stdout.Contains($" {vip}/", StringComparison.Ordinal);
    }

    /// <summary>The daemon's output so far (the builder is filled from its output events under a lock).</summary>
    public static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; gives up early if the daemon exits. A generous bound, not a timing assertion.</summary>
    public static bool WaitUntil(Func<bool> condition, Process daemon)
    {
        Eventually.Until(() => daemon.HasExited || condition(), TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200));
        return condition();
    }

    /// <summary>Builds the netlink VIP backend plugin into <paramref name="folder"/>, as an author would.</summary>
    public static void BuildNetlinkPlugin(string folder)
    {
        var build = PackageTool.Run(PackageTool.Dotnet,
            ["build", CheckTestSupport.Repo("plugins", "Netlink", "HaAppliance.Plugins.Netlink.csproj"), "-c", "Release", "-o", Path.Combine(folder, "Netlink"), "-nologo", "-v", "quiet"],
            TimeSpan.FromMinutes(10), Path.GetTempPath());
        Assert.That(build.Exit, Is.Zero, $"building the netlink plugin failed:\n{build.Out}\n{build.Err}");
    }

    /// <summary>Adds namespace <paramref name="ns"/> with lo up and eth0 (a veth, its peer in the namespace too) at <paramref name="address"/>/24.</summary>
    public static void AddNamespace(string ns, string address = "192.0.2.11")
    {
        Ip("netns", "add", ns);
        Ip("-n", ns, "link", "set", "lo", "up");
        Ip("-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
        Ip("-n", ns, "addr", "add", address + "/24", "dev", "eth0");
        Ip("-n", ns, "link", "set", "eth0", "up");
        Ip("-n", ns, "link", "set", "peer0", "up");
    }

    /// <summary>
    /// Starts the built haapp with <paramref name="args"/> in namespace <paramref name="ns"/>; its output goes to
    /// <paramref name="log"/>. `ip netns exec` execs, so the process's pid is haapp's.
    /// </summary>
    public static Process StartHaapp(string ns, StringBuilder log, params string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns, PackageTool.Dotnet, Path.Combine(AppContext.BaseDirectory, "haapp.dll") }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// What <c>systemctl stop</c> does to the daemon (SIGTERM to its pid; the caller made sure the pid is haapp's), and
    /// what must follow: exit 0 within a generous bound and <paramref name="vip"/> gone from eth0.
    /// </summary>
    public static void AssertStopsOnSigterm(Process daemon, StringBuilder log, string ns, string vip)
    {
        var kill = PackageTool.Run("kill", ["-TERM", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], IpTimeout);
        Assert.That(kill.Exit, Is.Zero, kill.Err);
        Assert.That(daemon.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, $"the daemon ignored SIGTERM:\n{Text(log)}");
        daemon.WaitForExit();
        Assert.That(daemon.ExitCode, Is.Zero, Text(log));
        Assert.That(HasVip(ns, vip), Is.False, $"{vip} still on eth0 after SIGTERM:\n{Text(log)}");
    }

    /// <summary>Stops a daemon this test started (SIGTERM to its pid, then kill), then deletes the namespace.</summary>
    public static void StopAndDelete(Process? daemon, string ns)
    {
        if (daemon is { HasExited: false })
        {
            PackageTool.Run("kill", ["-TERM", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], IpTimeout);
            if (!daemon.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                daemon.Kill(entireProcessTree: true);
            }

            daemon.WaitForExit();
        }

        daemon?.Dispose();
        PackageTool.Run("ip", ["netns", "del", ns], IpTimeout);
    }

    /// <summary>One instance VI_1 (vrid 51, priority 150) on eth0 with <paramref name="vip"/>/24, through the netlink VIP backend.</summary>
    public static string NetlinkConfig(string routerId, string vip = "192.0.2.100") => $"""
        global:
          router_id: {routerId}
          vip_backend: netlink
        instances:
          VI_1:
            interface: eth0
            virtual_router_id: 51
            priority: 150
            advert_int: 1s
            virtual_ipaddress:
              - {vip}/24
        """;
}
