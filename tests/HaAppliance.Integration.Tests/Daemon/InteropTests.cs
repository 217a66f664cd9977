using HaAppliance.Integration.Tests.Harness;

namespace HaAppliance.Integration.Tests.Daemon;

/// <summary>
/// haapp against haapp and against keepalived, each in both roles, over real namespaces: every way a
/// master can go away, and the return of the higher priority node. After each step the VIP is on exactly
/// one node and the client's neighbour entry points at the new master (the announcement worked).
/// </summary>
[NonParallelizable]
public sealed class InteropTests
{
    public static IEnumerable<PairCase> Cases()
    {
        yield return new(Impl.Haapp, Impl.Haapp, 3, Ipv6: false, Unicast: false, Auth: false);
        yield return new(Impl.Haapp, Impl.Keepalived, 2, Ipv6: false, Unicast: false, Auth: true);
        yield return new(Impl.Keepalived, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: true);
        yield return new(Impl.Haapp, Impl.Keepalived, 3, Ipv6: false, Unicast: true, Auth: false);
        yield return new(Impl.Keepalived, Impl.Haapp, 2, Ipv6: false, Unicast: true, Auth: false);
        yield return new(Impl.Haapp, Impl.Keepalived, 3, Ipv6: true, Unicast: false, Auth: false);
        yield return new(Impl.Keepalived, Impl.Haapp, 3, Ipv6: true, Unicast: false, Auth: false);
        yield return new(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: true, Auth: true);
    }

    [SetUp]
    public void SetUp()
    {
        Requires.NetworkNamespaces("the daemons run in network namespaces");
        Repo.RequireCli();
    }

    [TestCaseSource(nameof(Cases))]
    public void Failover_EveryWayTheMasterGoes_VipFollowsAndClientIsTold(PairCase c)
    {
        using var lab = new PairLab(c);
        lab.Start("n1");
        lab.Start("n2");
        lab.WaitForHolder("n1", "start");
        lab.ClientResolves();
        Assert.That(lab.ClientNeighbourMac(), Is.EqualTo(lab.MacOf("n1")), "client resolves the VIP to the master");

        File.Delete(lab.HealthFile("n1"));
        lab.WaitForHolder("n2", "check failure on n1");
        lab.WaitForClientEntry("n2", "check failure on n1");

        File.WriteAllText(lab.HealthFile("n1"), "up\n");
        lab.WaitForHolder("n1", "check recovery on n1 (preemption)");
        lab.WaitForClientEntry("n1", "check recovery on n1 (preemption)");

        lab.Daemon("n1").Stop();
        lab.WaitForHolder("n2", "graceful stop of n1", seconds: 10);
        lab.WaitForClientEntry("n2", "graceful stop of n1");

        lab.Start("n1");
        lab.WaitForHolder("n1", "n1 returns (preemption)");

        lab.Daemon("n1").Kill();
        lab.N1.Exec("ip", "link", "set", "eth0", "down");
        lab.WaitForHolder("n2", "crash of n1 (killed, link down)");
        lab.WaitForClientEntry("n2", "crash of n1 (killed, link down)");
    }

    [TestCase(Impl.Haapp, Impl.Keepalived)]
    [TestCase(Impl.Keepalived, Impl.Haapp)]
    public void LinkDown_OnMaster_MasterGoesToFaultAndBackupTakesOver(Impl first, Impl second)
    {
        using var lab = new PairLab(new PairCase(first, second, 2, Ipv6: false, Unicast: false, Auth: false));
        lab.Start("n1");
        lab.Start("n2");
        lab.WaitForHolder("n1", "start");

        lab.N1.Exec("ip", "link", "set", "eth0", "down");
        lab.WaitForHolder("n2", "link down on n1");
        if (first == Impl.Haapp)
        {
            Assert.That(lab.Daemon("n1").Log, Does.Contain("(VI_1) Entering FAULT STATE"), lab.Logs());
        }

        lab.N1.Exec("ip", "link", "set", "eth0", "up");
        lab.WaitForHolder("n1", "link up on n1 (preemption)", seconds: 25);
    }

    [Test]
    public void Run_Logs_KeepalivedPhrases()
    {
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: false));
        var n1 = lab.Start("n1");
        lab.Start("n2");
        lab.WaitForHolder("n1", "start");
        n1.Stop();
        lab.WaitForHolder("n2", "stop");

        var log = n1.Log;
        Assert.That(log, Does.Contain("(VI_1) Entering BACKUP STATE (init)"));
        Assert.That(log, Does.Contain("(VI_1) Entering MASTER STATE"));
        Assert.That(log, Does.Contain("(VI_1) setting VIPs."));
        Assert.That(log, Does.Contain("(VI_1) Sending/queueing gratuitous ARPs on eth0 for 192.0.2.100"));
        Assert.That(log, Does.Contain("(VI_1) sent 0 priority"));
        Assert.That(log, Does.Contain("(VI_1) removing VIPs."));
        Assert.That(lab.Holders(), Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public void Reload_InvalidConfigIsRefusedWhileRunning_ThenALowerPriorityHandsOver()
    {
        using var lab = new PairLab(new PairCase(Impl.Haapp, Impl.Haapp, 2, Ipv6: false, Unicast: false, Auth: false));
        var n1 = lab.Start("n1");
        lab.Start("n2");
        lab.WaitForHolder("n1", "start");
        var good = File.ReadAllText(lab.ConfPath("n1"));

        File.WriteAllText(lab.ConfPath("n1"), good.Replace("virtual_router_id 51", "virtual_router_id 300", StringComparison.Ordinal));
        var (refused, refusal) = lab.Control("n1", "reload");
        Assert.That(refused, Is.EqualTo(1), refusal);
        Assert.That(refusal, Does.Contain("reload refused").And.Contain($"{lab.ConfPath("n1")}:16:21: error: virtual_router_id '300' is out of range"));
        Thread.Sleep(3000);
        Assert.That(lab.Holders(), Is.EqualTo(new[] { "n1" }), "the running config goes on");
        Assert.That(n1.Log, Does.Not.Contain("Entering BACKUP STATE\n"));

        File.WriteAllText(lab.ConfPath("n1"), good);
        var (same, unchanged) = lab.Control("n1", "reload");
        Assert.That(same, Is.EqualTo(0), unchanged);
        Assert.That(unchanged, Does.Contain("no instance changed"));

        File.WriteAllText(lab.ConfPath("n1"), good.Replace("priority 101", "priority 90", StringComparison.Ordinal));
        var (ok, applied) = lab.Control("n1", "reload");
        Assert.That(ok, Is.EqualTo(0), applied);
        Assert.That(applied, Does.Contain("updated in place"));
        lab.WaitForHolder("n2", "reload to a lower priority");
        var (_, status) = lab.Control("n1", "status");
        Assert.That(status, Does.Contain("VI_1: BACKUP on eth0 vrid 51, priority 90"));
    }
}
