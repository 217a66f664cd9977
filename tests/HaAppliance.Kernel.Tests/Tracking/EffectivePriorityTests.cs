using HaAppliance.Kernel.Configuration;
using HaAppliance.Kernel.Tracking;

namespace HaAppliance.Kernel.Tests.Tracking;

[TestFixture]
public sealed class EffectivePriorityTests
{
    [Test]
    public void Compute_NegativeWeightFailing_Subtracts()
    {
        // keepalived's "(VI_1) Changing effective priority from 101 to 81" after chk_nginx (weight -20) fails.
        var result = EffectivePriority.Compute(101, [new TrackerWeight("chk_nginx", Healthy: false, Weight: -20)]);

        Assert.That(result, Is.EqualTo(new EffectivePriorityResult(81, false, [])).Using<EffectivePriorityResult>(Same));
    }

    [Test]
    public void Compute_NegativeWeightHealthy_LeavesBase()
    {
        var result = EffectivePriority.Compute(101, [new TrackerWeight("a", true, -20)]);

        Assert.That(result.Priority, Is.EqualTo(101));
    }

    [Test]
    public void Compute_PositiveWeights_AddOnlyWhileHealthy()
    {
        var result = EffectivePriority.Compute(100, [new TrackerWeight("a", true, 10), new TrackerWeight("b", false, 5)]);

        Assert.That(result.Priority, Is.EqualTo(110));
    }

    [Test]
    public void Compute_Reverse_AppliesWeightInTheOppositeState()
    {
        var result = EffectivePriority.Compute(100, [new TrackerWeight("a", Healthy: true, Weight: -30, Reverse: true), new TrackerWeight("b", false, 7, Reverse: true)]);

        Assert.That(result.Priority, Is.EqualTo(77));
    }

    [Test]
    public void Compute_WeightZeroFailing_FaultsNamingTheTracker()
    {
        var result = EffectivePriority.Compute(100, [new TrackerWeight("chk_db", false, 0), new TrackerWeight("chk_ok", true, 0)]);

        Assert.That(result.Fault, Is.True);
        Assert.That(result.FaultedBy, Is.EqualTo(new[] { "chk_db" }));
    }

    [TestCase(250, 20, 254)]
    [TestCase(10, -50, 1)]
    public void Compute_OutOfRange_ClampsTo1To254(int basePriority, int weight, int expected)
    {
        var result = EffectivePriority.Compute(basePriority, [new TrackerWeight("a", weight > 0, weight)]);

        Assert.That(result.Priority, Is.EqualTo(expected));
    }

    [Test]
    public void Compute_AddressOwner_Keeps255()
    {
        var result = EffectivePriority.Compute(255, [new TrackerWeight("a", false, -50)]);

        Assert.That(result.Priority, Is.EqualTo(255));
    }

    [Test]
    public void For_InstanceOverride_WinsOverCheckWeight()
    {
        var check = new CheckConfig { Name = "chk", Weight = -10 };

        var overridden = TrackerWeight.For(new TrackRef { Name = "chk", Weight = -40 }, check, healthy: false);
        var inherited = TrackerWeight.For(new TrackRef { Name = "chk" }, check, healthy: false);

        Assert.That(overridden.Weight, Is.EqualTo(-40));
        Assert.That(inherited.Weight, Is.EqualTo(-10));
    }

    private static bool Same(EffectivePriorityResult a, EffectivePriorityResult b) =>
        a.Priority == b.Priority && a.Fault == b.Fault && a.FaultedBy.SequenceEqual(b.FaultedBy);
}
