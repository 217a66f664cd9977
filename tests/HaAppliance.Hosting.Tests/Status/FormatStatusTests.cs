using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting.Tests.Status;

public sealed class FormatStatusTests
{
    [Test]
    public void FormatStatus_InstanceWithContainedErrors_ShowsTheCount()
    {
        var status = new InstanceStatus("VI_1", "eth0", 51, RouterState.Fault, 100, 100, 0, 0, new Dictionary<string, long>(), ["192.0.2.100/24"], Errors: 3);

        var text = Daemon.FormatStatus([status]);

        Assert.That(text, Does.Contain("VI_1: FAULT on eth0 vrid 51").And.Contain("errors 3"));
    }
}
