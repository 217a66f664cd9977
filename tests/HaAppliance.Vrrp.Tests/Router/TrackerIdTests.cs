using HaAppliance.Vrrp.Router;

namespace HaAppliance.Vrrp.Tests.Router;

public sealed class TrackerIdTests
{
    [TestCase(TrackerKind.Check, "chk_nginx", "check:chk_nginx")]
    [TestCase(TrackerKind.Link, "eth0", "link:eth0")]
    [TestCase(TrackerKind.Interface, "eth1", "interface:eth1")]
    [TestCase(TrackerKind.SyncGroup, "G1", "sync:G1")]
    [TestCase(TrackerKind.File, "/run/prio", "file:/run/prio")]
    public void ToString_EachKind_PrefixColonName(TrackerKind kind, string name, string expected) =>
        Assert.That(new TrackerId(kind, name).ToString(), Is.EqualTo(expected));

    [Test]
    public void Factories_EachKind_SetKindAndName()
    {
        Assert.That(
            new[] { TrackerId.Check("a"), TrackerId.Link("a"), TrackerId.Interface("a"), TrackerId.SyncGroup("a"), TrackerId.File("a") }.Select(t => (t.Kind, t.Name)),
            Is.EqualTo(new[] { (TrackerKind.Check, "a"), (TrackerKind.Link, "a"), (TrackerKind.Interface, "a"), (TrackerKind.SyncGroup, "a"), (TrackerKind.File, "a") }));
    }

    [Test]
    public void Equals_SameNameOtherKind_NotEqual()
    {
        Assert.That(TrackerId.Check("eth0"), Is.Not.EqualTo(TrackerId.Interface("eth0")));
        var name = string.Concat("eth", "0");
        Assert.That(TrackerId.Check(name), Is.EqualTo(TrackerId.Check("eth0")));
    }
}
