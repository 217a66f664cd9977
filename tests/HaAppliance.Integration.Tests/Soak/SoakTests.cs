using System.Diagnostics;
using System.Globalization;
using HaAppliance.Integration.Tests.Daemon;

namespace HaAppliance.Integration.Tests.Soak;

/// <summary>
/// The fault-injection soak: two haapp nodes and a client in network namespaces, a seeded schedule of crashes, link
/// flaps, partitions, reloads, check flaps and hostile floods for a bounded time (60 s; <c>HAAPP_SOAK_SECONDS</c>
/// overrides), the invariants checked after each fault. The seed is printed first and named in every failure;
/// <c>HAAPP_SEED</c> replays one. <c>HAAPP_SOAK_LOG</c> names a file that gets a copy of the log (tests/bench/soak.sh).
/// </summary>
[NonParallelizable]
public sealed class SoakTests
{
    [SetUp]
    public void SetUp()
    {
        Requires.NetworkNamespaces("the soak runs two daemons and a client in network namespaces");
        Requires.Tool("bridge", "partitions isolate bridge ports (iproute2)");
        Requires.Tool("ping", "the client resolves the VIP (iputils-ping)");
        Repo.RequireCli();
    }

    [Test]
    public void Soak_SeededFaults_KeepOneHolderAndEveryEvent()
    {
        var seed = EnvInt("HAAPP_SEED") ?? Random.Shared.Next(1, 1_000_000);
        var budget = TimeSpan.FromSeconds(EnvInt("HAAPP_SOAK_SECONDS") ?? 60);
        var logFile = Environment.GetEnvironmentVariable("HAAPP_SOAK_LOG");
        void Log(string line)
        {
            TestContext.Progress.WriteLine(line);
            if (!string.IsNullOrEmpty(logFile))
            {
                File.AppendAllText(logFile, line + "\n");
            }
        }

        Log($"soak seed {seed} (replay: HAAPP_SEED={seed}), {budget.TotalSeconds:0} s of faults");
        var clock = Stopwatch.StartNew();
        using var soak = new SoakRunner(seed, Log);
        soak.Start();
        foreach (var fault in SoakSchedule.Faults(seed))
        {
            if (clock.Elapsed >= budget)
            {
                break;
            }

            soak.Execute(fault);
        }

        soak.Finish();
        Log(soak.Figures.Table(seed, clock.Elapsed));
        Assert.That(soak.Figures.Violations, Is.Empty,
            $"soak seed {seed} (replay: HAAPP_SEED={seed}):\n{string.Join("\n", soak.Figures.Violations)}\n{soak.Logs()}");
    }

    /// <summary>The checker is not vacuous: a client entry no announcement can move is reported, naming the seed.</summary>
    [Test]
    public void Check_ClientEntryPinnedToAWrongMac_IsAViolationNamingTheSeed()
    {
        using var soak = new SoakRunner(42, line => TestContext.Progress.WriteLine(line), settle: TimeSpan.FromSeconds(3));
        soak.Start();
        Assert.That(soak.Figures.Violations, Is.Empty, soak.Logs());

        soak.Lab.Client.Exec("ip", "neigh", "replace", soak.Lab.Vip, "lladdr", "02:00:00:00:00:99", "dev", "eth0", "nud", "permanent");
        soak.Check("pinned entry", "n1");

        Assert.That(soak.Figures.Violations, Has.Exactly(1).Contains("seed 42").And.Contains("02:00:00:00:00:99"));
    }

    private static int? EnvInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
