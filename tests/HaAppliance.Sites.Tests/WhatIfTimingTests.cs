namespace HaAppliance.Sites.Tests;

/// <summary>
/// What-if timings against the RFC formulas, written out here rather than taken from VrrpTimers:
/// v3 (RFC 9568 §6.1): Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, Master_Down_Interval =
/// 3 * Master_Adver_Interval + Skew_Time; v2 (RFC 3768 §6.1): Skew_Time = (256 - Priority) / 256 s.
/// </summary>
public sealed class WhatIfTimingTests
{
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
        Assert.That(outcome.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(MasterDownMs(version, backupPriority, intervalMs)).Within(0.0001));
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
        // backup takes over on that advert: one advert, here without link delay.
        var expected = fastPreempt ? 0 : MasterDownMs(version, backupPriority, intervalMs);
        Assert.That(outcome.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(expected).Within(0.0001));
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
        Assert.That(outcome.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(SkewMs(version, backupPriority, intervalMs)).Within(0.0001));
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
        Assert.That(back.Elapsed!.Value.TotalMilliseconds, Is.EqualTo(delayMs + MasterDownMs(version, masterPriority, intervalMs)).Within(0.0001));
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
