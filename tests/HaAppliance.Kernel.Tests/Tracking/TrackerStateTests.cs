using HaAppliance.Kernel.Tracking;

namespace HaAppliance.Kernel.Tests.Tracking;

[TestFixture]
public sealed class TrackerStateTests
{
    [Test]
    public void Apply_FailuresBelowFall_StaysHealthy()
    {
        var state = new TrackerState(rise: 2, fall: 3, initiallyHealthy: true);

        bool[] changes = [state.Apply(false), state.Apply(false)];

        Assert.That(changes, Is.All.False);
        Assert.That(state.Healthy, Is.True);
    }

    [Test]
    public void Apply_FallConsecutiveFailures_TurnsFailedOnTheLastOne()
    {
        var state = new TrackerState(rise: 2, fall: 3, initiallyHealthy: true);

        bool[] changes = [state.Apply(false), state.Apply(false), state.Apply(false)];

        Assert.That(changes, Is.EqualTo(new[] { false, false, true }));
        Assert.That(state.Healthy, Is.False);
    }

    [Test]
    public void Apply_SuccessBetweenFailures_RestartsTheFallCount()
    {
        var state = new TrackerState(rise: 1, fall: 2, initiallyHealthy: true);

        state.Apply(false);
        state.Apply(true);
        bool changed = state.Apply(false);

        Assert.That(changed, Is.False);
        Assert.That(state.Healthy, Is.True);
    }

    [Test]
    public void Apply_RiseConsecutiveSuccesses_TurnsHealthy()
    {
        var state = new TrackerState(rise: 2, fall: 1, initiallyHealthy: false);

        bool first = state.Apply(true);
        bool second = state.Apply(true);

        Assert.That(first, Is.False);
        Assert.That(second, Is.True);
        Assert.That(state.Healthy, Is.True);
    }

    [Test]
    public void Constructor_ZeroRise_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new TrackerState(0, 1, false));
    }
}
