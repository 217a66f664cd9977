using HaAppliance.Vrrp.Packets;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Tests.Router;

/// <summary>The one counter set: what the router counts, plus what its host adds before and after it.</summary>
public sealed class RouterCountersTests
{
    [Test]
    public void PacketRejected_TwoReasons_CountedByReasonAndInTotal()
    {
        var counters = new RouterCounters();

        counters.PacketRejected(VrrpRejectReason.ChecksumMismatch);
        counters.PacketRejected(VrrpRejectReason.ChecksumMismatch);
        counters.PacketRejected(VrrpRejectReason.TtlNot255);

        Assert.That(counters.PacketRejections, Is.EquivalentTo(new Dictionary<VrrpRejectReason, long>
        {
            [VrrpRejectReason.ChecksumMismatch] = 2,
            [VrrpRejectReason.TtlNot255] = 1,
        }));
        Assert.That(counters.RejectedTotal, Is.EqualTo(3));
        Assert.That(counters.AdvertsReceived, Is.Zero, "a refused packet never became an advert");
    }

    [Test]
    public void RejectionsByName_PacketAndAdvertRejections_ListsBothAndAddsUpSharedNames()
    {
        var counters = new RouterCounters();
        counters.PacketRejected(VrrpRejectReason.IntervalMismatch);
        counters.PacketRejected(VrrpRejectReason.ChecksumMismatch);
        counters.Rejected(AdvertRejection.IntervalMismatch);
        counters.Rejected(AdvertRejection.LowerPriority);

        var byName = counters.RejectionsByName();

        Assert.That(byName, Is.EquivalentTo(new Dictionary<string, long>
        {
            ["IntervalMismatch"] = 2,
            ["ChecksumMismatch"] = 1,
            ["LowerPriority"] = 1,
        }));
    }

    [Test]
    public void SendFailed_Twice_CountsTwoFailures()
    {
        var counters = new RouterCounters();

        counters.SendFailed();
        counters.SendFailed();

        Assert.That(counters.SendFailures, Is.EqualTo(2));
    }
}
