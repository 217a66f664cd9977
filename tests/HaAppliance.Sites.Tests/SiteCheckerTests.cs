using HaAppliance.Config;

namespace HaAppliance.Sites.Tests;

/// <summary>One config pair per finding kind: the finding, its severity and its FILE:LINE:COL on each side.</summary>
public sealed class SiteCheckerTests
{
    private static readonly NodeSpec A = new("lb1") { State = "MASTER", Priority = 101, Source = "192.0.2.11" };
    private static readonly NodeSpec B = new("lb2") { Priority = 100, Source = "192.0.2.12" };

    private static IReadOnlyList<SiteFinding> Check(params NodeSpec[] nodes) => SiteChecker.Check(NodeSpec.Site(nodes));

    private static SiteFinding Single(IReadOnlyList<SiteFinding> findings, SiteFindingKind kind)
    {
        Assert.That(findings.Select(f => f.Kind), Is.EqualTo(new[] { kind }), string.Join("\n", findings));
        return findings[0];
    }

    [Test]
    public void Check_ConsistentPair_NoFinding() => Assert.That(Check(A, B), Is.Empty);

    [Test]
    public void Check_SameVridOtherName_VridConflictAtBothVrids()
    {
        var b = B with { Instance = "VI_OTHER" };
        var f = Single(Check(A, b), SiteFindingKind.VridConflict);

        Assert.That(f.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(f.Location.ToString(), Is.EqualTo(A.At("virtual_router_id:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At("virtual_router_id:")));
        Assert.That(f.Message, Does.Contain("VI_1 on lb1 but VI_OTHER on lb2"));
    }

    [Test]
    public void Check_SameVridDisjointVips_VridConflict()
    {
        var b = B with { Vips = ["192.0.2.222/24"] };
        var f = Single(Check(A, b), SiteFindingKind.VridConflict);

        Assert.That(f.Location.ToString(), Is.EqualTo($"{A.File}:{Line(A, "- 192.0.2.100/24")}:7"));
        Assert.That(f.Message, Does.Contain("no VIP in common"));
    }

    [Test]
    public void Check_VersionDiffers_VersionMismatch()
    {
        var b = B with { Version = 3 };
        var f = Single(Check(A, b), SiteFindingKind.VersionMismatch);

        Assert.That(f.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(f.Location.ToString(), Is.EqualTo(A.At(" version:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At(" version:")));
        Assert.That(f.Message, Does.Contain("version 2 on lb1 but 3 on lb2"));
    }

    [Test]
    public void Check_V2IntervalDiffers_AdvertIntervalMismatch()
    {
        var b = B with { Advert = "2s" };
        var f = Single(Check(A, b), SiteFindingKind.AdvertIntervalMismatch);

        Assert.That(f.Location.ToString(), Is.EqualTo(A.At("advert_int:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At("advert_int:")));
    }

    [Test]
    public void Check_V3IntervalDiffers_NoFinding() =>
        // v3 Backups learn the Master's interval (RFC 9568 §6.4.2): not an error.
        Assert.That(Check(A with { Version = 3 }, B with { Version = 3, Advert = "2s" }), Is.Empty);

    [Test]
    public void Check_PasswordTypo_AuthenticationMismatchAtAuthPass()
    {
        var a = A with { AuthType = "PASS", AuthPass = "s3cret" };
        var b = B with { AuthType = "PASS", AuthPass = "s3cert" };
        var f = Single(Check(a, b), SiteFindingKind.AuthenticationMismatch);

        Assert.That(f.Location.ToString(), Is.EqualTo(a.At("auth_pass:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At("auth_pass:")));
        Assert.That(f.Message, Does.Not.Contain("s3c"), "passwords are not printed");
    }

    [Test]
    public void Check_PasswordsDifferAfterEightCharacters_NoFinding() =>
        Assert.That(Check(A with { AuthType = "PASS", AuthPass = "12345678a" }, B with { AuthType = "PASS", AuthPass = "12345678b" }), Is.Empty);

    [Test]
    public void Check_AuthTypeDiffers_AuthenticationMismatchAtAuthType()
    {
        var a = A with { AuthType = "PASS", AuthPass = "x" };
        var b = B with { AuthType = "AH" };
        var f = Single(Check(a, b), SiteFindingKind.AuthenticationMismatch);

        Assert.That(f.Location.ToString(), Is.EqualTo(a.At("auth_type:")));
        Assert.That(f.Message, Does.Contain("PASS on lb1 but AH on lb2"));
    }

    [Test]
    public void Check_SameNameOtherFamily_FamilyMismatch()
    {
        var b = B with { Version = 3, Source = null, Vips = ["2001:db8::100/64"] };
        var a = A with { Version = 3 };
        var f = Single(Check(a, b), SiteFindingKind.FamilyMismatch);

        Assert.That(f.Location.ToString(), Is.EqualTo($"{a.File}:{Line(a, "- 192.0.2.100/24")}:7"));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo($"{b.File}:{Line(b, "- 2001:db8::100/64")}:7"));
        Assert.That(f.Message, Does.Contain("IPv4 on lb1 but IPv6 on lb2"));
    }

    [Test]
    public void Check_UnicastPeerMissing_UnicastPeerMismatchAtPeerList()
    {
        var a = A with { Peers = ["192.0.2.13"] };
        var b = B with { Peers = ["192.0.2.11"] };
        var f = Single(Check(a, b), SiteFindingKind.UnicastPeerMismatch);

        Assert.That(f.Location.File, Is.EqualTo(a.File));
        Assert.That(f.Location.Line, Is.EqualTo(Line(a, "- 192.0.2.13")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At("unicast_src_ip:")));
        Assert.That(f.Message, Does.Contain("does not list lb2's address 192.0.2.12"));
    }

    [Test]
    public void Check_UnicastOnOneSideOnly_UnicastPeerMismatch()
    {
        var a = A with { Peers = ["192.0.2.12"] };
        var f = Single(Check(a, B), SiteFindingKind.UnicastPeerMismatch);

        Assert.That(f.Location.Line, Is.EqualTo(Line(a, "- 192.0.2.12")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(B.At("interface:")));
        Assert.That(f.Message, Does.Contain("unicast on lb1 but multicast on lb2"));
    }

    [Test]
    public void Check_VridOnOtherInterfaceElsewhere_LoneInstanceOnEachSide()
    {
        var b = B with { Interface = "eth1" };
        var findings = Check(A, b);

        Assert.That(findings.Select(f => f.Kind), Is.All.EqualTo(SiteFindingKind.LoneInstance));
        Assert.That(findings.Select(f => f.Location.ToString()), Is.EquivalentTo(new[] { A.At("virtual_router_id:"), b.At("virtual_router_id:") }));
        Assert.That(findings[0].Message, Does.Contain("is on lb1 only, but lb2 has VI_1 (eth1 IPv4 vrid 51)"));
    }

    [Test]
    public void Check_InstanceOnOneNodeWithUnrelatedVrid_NoFinding() =>
        Assert.That(Check(A, B, new NodeSpec("lb3") { Instance = "VI_LOCAL", Vrid = 99, Vips = ["192.0.2.99/24"] }), Is.Empty);

    [Test]
    public void Check_SyncGroupMembersDiffer_SyncGroupMismatchAtGroup()
    {
        var a = A with { SecondInstance = true, SyncGroup = ["VI_1", "VI_2"] };
        var b = B with { SecondInstance = true, SyncGroup = ["VI_1"] };
        var f = Single(Check(a, b), SiteFindingKind.SyncGroupMismatch);

        Assert.That(f.Location.ToString(), Is.EqualTo(a.At("group:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At("group:")));
        Assert.That(f.Message, Does.Contain("VI_1, VI_2 on lb1 but VI_1 on lb2"));
    }

    [Test]
    public void Check_SyncGroupOnOneNodeOnly_SyncGroupMismatch()
    {
        var a = A with { SecondInstance = true, SyncGroup = ["VI_1", "VI_2"] };
        var b = B with { SecondInstance = true };
        var f = Single(Check(a, b), SiteFindingKind.SyncGroupMismatch);

        Assert.That(f.Location.ToString(), Is.EqualTo(a.At("group:")));
        Assert.That(f.Message, Does.Contain("is on lb1 but not on lb2"));
    }

    [Test]
    public void Check_VipsOverlapButDiffer_WarningVipsDiffer()
    {
        var b = B with { Vips = ["192.0.2.100/24", "192.0.2.101/24"] };
        var f = Single(Check(A, b), SiteFindingKind.VipsDiffer);

        Assert.That(f.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(f.Location.Line, Is.EqualTo(Line(A, "- 192.0.2.100/24")));
        Assert.That(f.Message, Does.Contain("192.0.2.101/24 only on lb2"));
    }

    [Test]
    public void Check_EqualPriorities_WarnsAndNamesHigherAddressAsWinner()
    {
        var a = A with { Priority = 100 };
        var f = Single(Check(a, B), SiteFindingKind.EqualPriority);

        Assert.That(f.Severity, Is.EqualTo(DiagnosticSeverity.Warning));
        Assert.That(f.Location.ToString(), Is.EqualTo(a.At("priority:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(B.At("priority:")));
        Assert.That(f.Message, Does.Contain("lb2 (192.0.2.12) wins"));
        Assert.That(f.Message, Does.Not.Contain("assumed"));
    }

    [Test]
    public void Check_EqualPrioritiesWithoutAddresses_SaysTheWinnerIsAssumed()
    {
        var f = Single(Check(A with { Priority = 100, Source = null }, B with { Source = null }), SiteFindingKind.EqualPriority);

        Assert.That(f.Message, Does.Contain("lb2 (198.18.0.2) wins"));
        Assert.That(f.Message, Does.Contain("assumed here: 198.18.0.N by node order"));
    }

    [Test]
    public void Check_StateMasterWithNopreemptElsewhere_WarningPreemptAtBoot()
    {
        var b = B with { Nopreempt = true };
        var f = Single(Check(A, b), SiteFindingKind.PreemptAtBoot);

        Assert.That(f.Location.ToString(), Is.EqualTo(A.At("state:")));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(b.At("nopreempt:")));
        Assert.That(f.Message, Does.Contain("while lb2 has nopreempt"));
    }

    [Test]
    public void Check_StateMasterAndNopreemptOnOneNodeOnly_NoFinding() =>
        // haapp honours nopreempt with state MASTER (the keepalived.conf reader clears it, as keepalived does, and warns).
        Assert.That(Check(A with { Nopreempt = true }, B), Is.Empty);

    [Test]
    public void Check_MasterStillOutranksWithEveryCheckFailing_WarningShowsEffectivePriorities()
    {
        var a = A with { Priority = 150, CheckWeight = -20 };
        var f = Single(Check(a, B), SiteFindingKind.IneffectiveWeights);

        Assert.That(f.Location.ToString(), Is.EqualTo($"{a.File}:{Line(a, "- chk")}:9"));
        Assert.That(f.Others.Single().Location.ToString(), Is.EqualTo(B.At("priority:")));
        Assert.That(f.Message, Does.Contain("with every check failing (chk) has effective priority 130 and still outranks healthy lb2 (100)"));
        Assert.That(f.Message, Does.Contain("effective priorities: lb1 150 healthy, 130 failing, lb2 100 healthy"));
    }

    [Test]
    public void Check_BackupWithFailingCheckOutranksHealthyMaster_Warning()
    {
        // lb1 is meant to be master (state MASTER) but lb2's base 150 still beats it with its check failing.
        var a = A with { Priority = 101 };
        var b = B with { Priority = 150, CheckWeight = -20 };
        var f = Single(Check(a, b), SiteFindingKind.IneffectiveWeights);

        Assert.That(f.Location.ToString(), Is.EqualTo($"{b.File}:{Line(b, "- chk")}:9"));
        Assert.That(f.Message, Does.Contain("lb2 with chk failing has effective priority 130 and still outranks healthy lb1 (101)"));
    }

    [Test]
    public void Check_ClassicWeights_NoFinding() =>
        Assert.That(Check(A with { CheckWeight = -20 }, B with { CheckWeight = -20 }), Is.Empty);

    [Test]
    public void Check_Findings_PrintAsFileLineColumn()
    {
        var f = Single(Check(A, B with { Version = 3 }), SiteFindingKind.VersionMismatch);

        Assert.That(f.ToString(), Does.StartWith($"{A.At(" version:")}: error: VI_1 (eth0 IPv4 vrid 51) runs VRRP version 2"));
        Assert.That(f.ToString(), Does.EndWith($"[lb2: {B.At(" version:")}]"));
    }

    private static int Line(NodeSpec spec, string text) =>
        Array.FindIndex(spec.Text().Split('\n'), l => l.Contains(text, StringComparison.Ordinal)) + 1;
}
