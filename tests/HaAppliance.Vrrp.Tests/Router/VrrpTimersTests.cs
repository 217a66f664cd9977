using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Tests.Router;

public sealed class VrrpTimersTests
{
    [Test]
    public void SkewTime_V3Priority100Interval100Cs_Is609375Microseconds()
    {
        // RFC 9568 §6.1: ((256 - 100) * 100 cs) / 256 = 60.9375 cs, kept exact as keepalived does.
        Assert.That(VrrpTimers.SkewTime(VrrpVersion.V3, 100, 100), Is.EqualTo(TimeSpan.FromMicroseconds(609375)));
    }

    [Test]
    public void SkewTime_V3_ScalesWithMasterAdverInterval()
    {
        Assert.That(VrrpTimers.SkewTime(VrrpVersion.V3, 100, 200), Is.EqualTo(2 * VrrpTimers.SkewTime(VrrpVersion.V3, 100, 100)));
    }

    [Test]
    public void SkewTime_V2_IsIndependentOfInterval()
    {
        // RFC 3768 §6.1: Skew_Time = (256 - Priority) / 256 seconds.
        Assert.That(VrrpTimers.SkewTime(VrrpVersion.V2, 100, 300), Is.EqualTo(TimeSpan.FromMicroseconds(609375)));
    }

    [Test]
    public void MasterDownInterval_V3_IsThreeIntervalsPlusSkew()
    {
        Assert.That(VrrpTimers.MasterDownInterval(VrrpVersion.V3, 200, 50), Is.EqualTo(TimeSpan.FromMilliseconds(1500) + TimeSpan.FromTicks(56L * 50 * 100_000 / 256)));
    }

    [Test]
    public void MinimumSkewTime_IsOne256thOfInterval()
    {
        Assert.That(VrrpTimers.MinimumSkewTime(VrrpVersion.V3, 256), Is.EqualTo(TimeSpan.FromMilliseconds(10)));
    }
}
