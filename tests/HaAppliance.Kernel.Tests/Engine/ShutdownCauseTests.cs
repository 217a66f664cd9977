using HaAppliance.Abstractions;
using HaAppliance.Vrrp.Router;

namespace HaAppliance.Kernel.Tests.Engine;

/// <summary>The cause journaled for a stop: what <c>haapp events</c> shows for a shutdown.</summary>
public sealed class ShutdownCauseTests
{
    [Test]
    public async Task Stop_AfterACheckFailedWithoutStateChange_CauseIsShutdownOnly()
    {
        await using var lan = new EngineLan();
        var a = lan.Add("lb1", "192.0.2.1", 101);
        await lan.StartAsync();
        await lan.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));

        // Alone on the LAN: the failed check lowers the priority but the node stays Master, so the cause stays pending.
        a.Engine.PostCheckResult("chk_nginx", healthy: false, "exited with status 1");
        await lan.RunForAsync(TimeSpan.FromSeconds(2));
        Assert.That(await a.StateAsync(), Is.EqualTo(RouterState.Master));

        await a.StopAsync();
        await lan.SettleAsync();

        var stop = a.Sink.Events.Last();
        Assert.That(stop.NewState, Is.EqualTo(VrrpState.Stop));
        Assert.That(stop.Reason, Is.EqualTo("shutdown"));
    }
}
