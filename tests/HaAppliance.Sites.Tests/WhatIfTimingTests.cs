namespace HaAppliance.Sites.Tests;

/// <summary>
/// What-if timings against the RFC formulas, written out here rather than taken from VrrpTimers:
/// v3 (RFC 9568 §6.1): Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, Master_Down_Interval =
/// 3 * Master_Adver_Interval + Skew_Time; v2 (RFC 3768 §6.1): Skew_Time = (256 - Priority) / 256 s.
/// </summary>
public sealed class WhatIfTimingTests
{
    /// <summary>The simulated links' one-way delay: one tick.</summary>
    private const double LinkMs = 0.0001;

    /// <summary>Timers keep Skew_Time to the 100 ns tick (truncated): compare to within one tick.</summary>
    private const double Tick = 0.000101;

    private static double SkewMs(int version, int priority, double intervalMs) =>
        version == 2 ? (256 - priority) * 1000.0 / 256 : (256 - priority) * intervalMs / 256;

    private static double MasterDownMs(int version, int priority, double intervalMs) => 3 * intervalMs + SkewMs(version, priority, intervalMs);

    private static WhatIfOutcome Only(WhatIfReport report, int step = 0) => report.Steps[step].Outcomes.Single();

    private static WhatIfReport Run(Site site, string fail, string? recover = null) => WhatIf.Run(site,
        FailureTarget.Parse(fail, site, out var e1) is var f && e1 is null ? f : throw new AssertionException(e1!),
        recover is null ? null : FailureTarget.Parse(recover, site, out var e2) is var r && e2 is null ? r : throw new AssertionException(e2!));

    private static (NodeSpec Master, NodeSpec Backup) Pair(int version, string advert, double _, int backupPriority) =>
        (new NodeSpec("a") { Version = version, Advert = advert, Priority = Math.Min(254, backupPriority + 20), Source = "192.0.2.1" },
         new NodeSpec("b") { Version = version, Advert = advert, Priority = backupPriority, Source = "192.0.2.2" });

    [TestCase(2, "1s", 1000, 100)]
    [TestCase(2, "1s", 1000, 50)]
    [TestCase(2, "3s", 3000, 200)]
    [TestCase(3, "1s", 1000, 100)]
    [TestCase(3, "500ms", 500, 150)]
    [TestCase(3, "50ms", 50, 1)]
    [TestCase(3, "2s", 2000, 230)]
    public void NodeDies_BackupTakesOver_AfterMasterDownIntervalAtItsPriority(int version, string advert, double intervalMs, int backupPriority)
    {
        var (a, b) = Pair(version, advert, intervalMs, backupPriority);

        var outcome = Only(Run(NodeSpec.Site(a, b), "a"));

        Assert.That(outcome.Before, Is.EqualTo(new[] { "a" }));
        Assert.That(outcome.After, Is.EqualTo(new[] { "b" }));
        Assert.That(outcome.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(MasterDownMs(version, backupPriority, intervalMs)).Within(Tick));
        Assert.That(outcome.Reason, Is.EqualTo($"Master_Down_Interval at priority {backupPriority}"));
    }

    [TestCase(2, "1s", 1000, 100, false)]
    [TestCase(2, "2s", 2000, 180, false)]
    [TestCase(3, "1s", 1000, 100, false)]
    [TestCase(3, "300ms", 300, 60, false)]
    [TestCase(2, "1s", 1000, 100, true)]
    [TestCase(3, "300ms", 300, 60, true)]
    public void CheckFailsOnMaster_BackupPreempts_MasterDownIntervalOrAtOnceWithFastPreempt(int version, string advert, double intervalMs, int backupPriority, bool fastPreempt)
    {
        var (a, b) = Pair(version, advert, intervalMs, backupPriority);
        a = a with { CheckWeight = -50 };
        b = b with { FastPreempt = fastPreempt };

        var outcome = Only(Run(NodeSpec.Site(a, b), "a:chk"));

        Assert.That(outcome.After, Is.EqualTo(new[] { "b" }));
        // The master advertises its lowered priority at once (keepalived does the same), so with fast_preempt the
        // backup takes over on that advert: one advert, as long as the 100 ns the simulated link takes.
        var expected = fastPreempt ? LinkMs : MasterDownMs(version, backupPriority, intervalMs);
        Assert.That(outcome.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(expected).Within(Tick));
        Assert.That(outcome.Reason, fastPreempt ? Does.StartWith("fast_preempt: on a's advert") : Is.EqualTo($"Master_Down_Interval at priority {backupPriority}"));
    }

    [TestCase(2, "1s", 100)]
    [TestCase(3, "1s", 100)]
    [TestCase(3, "200ms", 40)]
    public void FaultCheckFailsOnMaster_PriorityZeroAdvert_BackupTakesOverAfterSkewTime(int version, string advert, int backupPriority)
    {
        var (a, b) = Pair(version, advert, 0, backupPriority);
        a = a with { CheckWeight = 0 };
        var intervalMs = advert.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(advert[..^2], System.Globalization.CultureInfo.InvariantCulture) : 1000;

        var outcome = Only(Run(NodeSpec.Site(a, b), "a:chk"));

        Assert.That(outcome.After, Is.EqualTo(new[] { "b" }));
        // The priority 0 advert takes the link's 100 ns to arrive; Skew_Time runs from its arrival.
        Assert.That(outcome.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(LinkMs + SkewMs(version, backupPriority, intervalMs)).Within(Tick));
        Assert.That(outcome.Reason, Is.EqualTo($"Skew_Time at priority {backupPriority} after a's priority 0 advert"));
    }

    [TestCase(2, "1s", 1000, 101, null, 0)]
    [TestCase(3, "1s", 1000, 200, null, 0)]
    [TestCase(2, "1s", 1000, 101, "5s", 5000)]
    [TestCase(3, "500ms", 500, 150, "2s", 2000)]
    public void CheckRecovers_MasterPreemptsBack_AfterPreemptDelayAndMasterDownInterval(int version, string advert, double intervalMs, int masterPriority, string? delay, double delayMs)
    {
        var a = new NodeSpec("a") { Version = version, Advert = advert, Priority = masterPriority, CheckWeight = -60, PreemptDelay = delay, Source = "192.0.2.1" };
        var b = new NodeSpec("b") { Version = version, Advert = advert, Priority = masterPriority - 1, Source = "192.0.2.2" };

        var report = Run(NodeSpec.Site(a, b), "a:chk", "a:chk");
        var back = Only(report, 1);

        Assert.That(report.Steps[1].Action, Is.EqualTo("recover"));
        Assert.That(back.Before, Is.EqualTo(new[] { "b" }));
        Assert.That(back.After, Is.EqualTo(new[] { "a" }));
        Assert.That(back.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(delayMs + MasterDownMs(version, masterPriority, intervalMs)).Within(Tick));
        Assert.That(back.Reason, delay is null
            ? Is.EqualTo($"Master_Down_Interval at priority {masterPriority}")
            : Is.EqualTo($"preempt_delay {delay}, then Master_Down_Interval at priority {masterPriority}"));
    }

    [Test]
    public void CheckFailsOnMaster_BackupHasNopreempt_MasterKeepsIt()
    {
        var a = new NodeSpec("a") { Priority = 101, CheckWeight = -20, Source = "192.0.2.1" };
        var b = new NodeSpec("b") { Priority = 100, Nopreempt = true, Source = "192.0.2.2" };

        Assert.That(Only(Run(NodeSpec.Site(a, b), "a:chk")).ToString(), Is.EqualTo("VI_1 a -> a (no change)"));
    }

    [Test]
    public void CheckRecovers_Nopreempt_HolderStays()
    {
        var a = new NodeSpec("a") { Priority = 101, CheckWeight = -20, Nopreempt = true, Source = "192.0.2.1" };
        var b = new NodeSpec("b") { Priority = 100, Source = "192.0.2.2" };

        var report = Run(NodeSpec.Site(a, b), "a:chk", "a:chk");

        Assert.That(Only(report, 0).After, Is.EqualTo(new[] { "b" }));
        Assert.That(Only(report, 1).ToString(), Is.EqualTo("VI_1 b -> b (no change)"));
    }

    [Test]
    public void MasterLinkDown_BackupTakesOverAfterMasterDownInterval_NoPriorityZeroOverADeadLink()
    {
        var (a, b) = Pair(2, "1s", 1000, 100);

        var outcome = Only(Run(NodeSpec.Site(a, b), "a:eth0"));

        Assert.That(outcome.ToString(), Is.EqualTo("VI_1 a -> b after 3609 ms (Master_Down_Interval at priority 100)"));
    }

    [Test]
    public void BothNodesDie_NobodyHoldsIt()
    {
        var (a, b) = Pair(2, "1s", 1000, 100);

        var outcome = Only(Run(NodeSpec.Site(a, b), "a,b"));

        Assert.That(outcome.After, Is.Empty);
        Assert.That(outcome.Reason, Is.EqualTo("nobody holds it: a down, b down"));
    }

    [Test]
    public void BackupDies_MasterKeepsIt()
    {
        var (a, b) = Pair(3, "1s", 1000, 100);

        Assert.That(Only(Run(NodeSpec.Site(a, b), "b")).ToString(), Is.EqualTo("VI_1 a -> a (no change)"));
    }

    [Test]
    public void NodeDies_TwoInstances_OneLineEachInFileOrder()
    {
        var a = new NodeSpec("a") { Priority = 120, SecondInstance = true, Source = "192.0.2.1" };
        var b = new NodeSpec("b") { Priority = 100, SecondInstance = true, Source = "192.0.2.2" };

        var outcomes = Run(NodeSpec.Site(a, b), "a").Steps[0].Outcomes;

        Assert.That(outcomes.Select(o => o.ToString()), Is.EqualTo(new[]
        {
            "VI_1 a -> b after 3609 ms (Master_Down_Interval at priority 100)",
            "VI_2 a -> b after 3609 ms (Master_Down_Interval at priority 100)",
        }));
        Assert.That(outcomes.Select(o => o.Segment), Is.EqualTo(new[] { "eth0 IPv4 vrid 51", "eth0 IPv4 vrid 52" }));
    }

    [Test]
    public void LinkDown_TrackedInterfaceOnOtherInstance_FaultsItToo()
    {
        // VI_1 runs on eth1 but tracks eth0 with weight 0: eth0 down puts it in Fault, priority 0, Skew_Time.
        var a = new NodeSpec("a") { Interface = "eth1", Priority = 120, TrackInterface = "eth0", Source = "192.0.2.1" };
        var b = new NodeSpec("b") { Interface = "eth1", Priority = 100, Source = "192.0.2.2" };

        var outcome = Only(Run(NodeSpec.Site(a, b), "a:eth0"));

        Assert.That(outcome.ToString(), Is.EqualTo("VI_1 a -> b after 609 ms (Skew_Time at priority 100 after a's priority 0 advert)"));
    }

    [Test]
    public void EqualPrioritiesWithoutAddresses_NoteSaysWhichAddressesWereAssumed()
    {
        var report = Run(NodeSpec.Site(new NodeSpec("a"), new NodeSpec("b")), "b");

        Assert.That(report.Steps[0].Outcomes.Single().ToString(), Is.EqualTo("VI_1 b -> a after 3609 ms (Master_Down_Interval at priority 100)"));
        Assert.That(report.Notes, Has.Some.EqualTo(
            "VI_1: equal priorities are broken by the primary address, which the configs do not name; assumed a 198.18.0.1, b 198.18.0.2 (set unicast_src_ip or mcast_src_ip to make it exact)"));
    }

    [Test]
    public void SplitBrainSite_OneSideDies_ShowsSplitBeforeAndTheSurvivor()
    {
        // v2 intervals that differ: each discards the other's adverts (RFC 3768 §7.1) and both are master.
        var a = new NodeSpec("a") { Priority = 101, Source = "192.0.2.1" };
        var b = new NodeSpec("b") { Priority = 100, Advert = "2s", Source = "192.0.2.2" };

        var outcome = Only(Run(NodeSpec.Site(a, b), "b"));

        Assert.That(outcome.ToString(), Is.EqualTo("VI_1 a+b (split brain) -> a (no takeover: b stopped being master)"));
    }

    [Test]
    public void Run_SameInput_SameOutput()
    {
        var site = NodeSpec.Site(new NodeSpec("a") { Priority = 120, CheckWeight = -30 }, new NodeSpec("b") { Priority = 100 }, new NodeSpec("c") { Priority = 95 });
        string Text() { var w = new StringWriter(); WhatIf.Write(w, Run(site, "a:chk,b", "a:chk")); return w.ToString(); }

        var first = Text();
        var second = Text();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Write_CheckFailure_PrintsHolderLineAndDetectionNote()
    {
        var a = new NodeSpec("a") { State = "MASTER", Priority = 101, CheckWeight = -20 };
        var b = new NodeSpec("b") { Priority = 100, CheckWeight = -20 };
        var w = new StringWriter();

        WhatIf.Write(w, Run(NodeSpec.Site(a, b), "a:chk"));

        Assert.That(w.ToString().Split('\n')[1], Is.EqualTo("  VI_1 a -> b after 3609 ms (Master_Down_Interval at priority 100)"));
        Assert.That(w.ToString(), Does.Contain("note: a:chk counts as failed after 1 failed run(s) every 1s (timeout 2s): up to 3s before the times above start"));
    }

    [Test]
    public void Parse_UnknownCheckOrInterface_ErrorListsWhatExists()
    {
        var site = NodeSpec.Site(new NodeSpec("a") { CheckWeight = -20 }, new NodeSpec("b"));

        FailureTarget.Parse("a:nginx", site, out var error);

        Assert.That(error, Is.EqualTo("'a:nginx': node a has no check or interface 'nginx'; checks: chk; interfaces: eth0"));
    }

    [Test]
    public void Parse_UnknownNode_ErrorListsNodes()
    {
        FailureTarget.Parse("z", NodeSpec.Site(new NodeSpec("a"), new NodeSpec("b")), out var error);

        Assert.That(error, Is.EqualTo("'z': no node named 'z'; nodes: a, b"));
    }
}
