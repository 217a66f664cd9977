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
}
