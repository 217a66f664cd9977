using HaAppliance.Hosting.Tests.Status;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Hosting.Tests.Failures;

/// <summary>
/// The daemon's link monitor survives a failing watch (ENOBUFS after a burst of link events): it lists the links
/// again, so a link-down event that was lost still puts the instance into FAULT.
/// </summary>
[NonParallelizable]
public sealed class LinkMonitorTests
{
    [Test]
    public async Task WatchFails_LinksListedAgain_LostLinkDownPutsInstancesInFault()
    {
        FlakyLinksPlugin.Reset();
        await using var fixture = new DaemonFixture();
        await fixture.StartAsync(fixture.Config().Replace("vip_backend: memory", "vip_backend: flaky-links", StringComparison.Ordinal));
        await fixture.WaitForMastersAsync();
        await Eventually.UntilAsync(() => FlakyLinksPlugin.Watches >= 1, "the link watch runs");

        // eth0 goes down, but the event saying so is lost with the receive error.
        FlakyLinksPlugin.Eth0Up = false;
        FlakyLinksPlugin.FailWatch(new IOException("netlink receive: No buffer space available (ENOBUFS)"));

        var states = await Eventually.ValueAsync(
            () => fixture.StatusAsync().GetAwaiter().GetResult().Select(s => s.State).ToList(),
            s => s.All(state => state == RouterState.Fault));
        Assert.That(states, Is.All.EqualTo(RouterState.Fault));
        await Eventually.UntilAsync(() => FlakyLinksPlugin.Watches >= 2, "the watch goes on after the error");
    }
}
